package dev.isthmus.cli;

import static dev.isthmus.cli.IsthmusCommandLineTest.print;
import static dev.isthmus.cli.IsthmusCommandLineTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lookup read from a CSV file is typed and checked as an inline one is: its values were strings whatever the
 * lookup's types, a key listed twice took its last value without a word, and a value that is not one of its enum's
 * literals went on into records (review 34). Each is refused naming file and line, where the file is loaded:
 * {@code isthmus test} here, and the runner's start. Seen failing before the change: all three failed ("expected 3,
 * actual 3", the text "3" against the number; the duplicate's "expected WEB, actual POS").
 */
class TestLookupFileTest {

	private static final String PROJECT = """
			package shop
			enum Channel { WEB POS MARKETPLACE }
			lookup channelOf : String -> Channel from "channels.csv"
			lookup weightOf : String -> Integer from "weights.csv"
			system Shop kind commerce {
			    record Order json { id : string, source : string }
			    endpoint orders file "inbox" pattern "*.ndjson" receives Order
			}
			system Out kind files {
			    record Line json { id : string, channel : string, weight : integer }
			    endpoint lines file "out" pattern "l-*.ndjson" sends Line
			}
			model Sale { key id : String  channel : Channel?  weight : Integer? }
			mapping OrderToSale : Shop.Order -> Sale { id <- id  channel <- channelOf(source)  weight <- weightOf(source) }
			mapping SaleToLine : Sale -> Out.Line { id <- id  channel <- format(channel ?? WEB)  weight <- weight ?? 0 }
			flow Sales { from Shop.orders  map OrderToSale  to Out.lines via SaleToLine }
			test "a web order" for Sales {
			    given Shop.orders { "id": "o1", "source": "web" }
			    expect Sale.channel == WEB
			    expect Sale.weight == 3
			}
			""";

	private static String run(Path folder, String channels, String weights) throws Exception {
		Files.writeString(folder.resolve("shop.isl"), PROJECT);
		Files.writeString(folder.resolve("channels.csv"), channels);
		Files.writeString(folder.resolve("weights.csv"), weights);
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int code = new IsthmusCommandLine(print(out), print(err)).run("test", folder.toString());
		return code + "\n" + text(out) + text(err);
	}

	@Test
	void aWellFormedFileIsTypedByTheLookup(@TempDir Path folder) throws Exception {
		String report = run(folder, "key,value\nweb,WEB\npos,POS\n", "key,value\nweb,3\n");
		assertTrue(report.startsWith(IsthmusCommandLine.OK + "\n") && report.contains("1 passed, 0 failed"), report);
	}

	@Test
	void aKeyListedTwiceIsRefusedNamingBothLines(@TempDir Path folder) throws Exception {
		String report = run(folder, "key,value\nweb,WEB\npos,POS\nweb,POS", "key,value\nweb,3\n");
		assertTrue(report.startsWith(IsthmusCommandLine.PROBLEMS + "\n"), report);
		assertTrue(report.contains("channels.csv:4: lookup channelOf: the key \"web\" is listed twice (first at line 2); keep one of"
				+ " them"), report);
	}

	/** The runner refuses to start on it, saying where to correct it (its message is of the generated copy's line). */
	@Test
	void theRunnerRefusesToStartOnIt(@TempDir Path folder, @TempDir Path generated, @TempDir Path root) throws Exception {
		run(folder, "key,value\nweb,WEB\nweb,POS\n", "key,value\nweb,3\n");
		RunnerTestProjects.generateFrom(folder, generated);
		String refusal = RunnerTestProjects.refusal(generated, root, java.util.Map.of());
		assertTrue(refusal.contains("flow shop.Sales: ") && refusal.contains("channels.csv:3: lookup channelOf: the key \"web\" is listed twice"
				+ " (first at line 2); keep one of them; correct the project's lookup file and generate again"), refusal);
	}

	@Test
	void aValueNotOfItsTypeIsRefused(@TempDir Path folder) throws Exception {
		String report = run(folder, "key,value\nweb,WEB\nmarket,MARKETPLCE\n", "key,value\nweb,3\n");
		assertTrue(report.contains("channels.csv:3: lookup channelOf: the value \"MARKETPLCE\" is not a Channel (WEB, POS,"
				+ " MARKETPLACE)"), report);
		report = run(folder, "key,value\nweb,WEB\n", "key,value\nweb,three\n");
		assertTrue(report.contains("weights.csv:2: lookup weightOf: the value \"three\" is not an integer"), report);
	}
}
