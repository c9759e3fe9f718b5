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
 * A test block's JSON sample is read as the runner reads its inputs: an object naming a field twice is refused, saying
 * where (it was read last-wins, and a test passed on a record the runner makes a dead letter). A JSON file fails the
 * test, as the runner fails the file; an NDJSON line or a CSV row is a dead letter of its own, as the runner makes it.
 */
class TestSampleJsonTest {

	private static final String PROJECT = """
			package shop

			system Shop kind commerce {
			    record Order json { id : string, amount : decimal }
			    endpoint orders file "inbox" pattern "*.ndjson" receives Order
			    endpoint single file "inbox" pattern "*.json" receives Order
			}

			model Sale {
			    key id : String
			    amount : Decimal
			}

			mapping OrderToSale : Shop.Order -> Sale {
			    id     <- id
			    amount <- amount
			}

			test "from NDJSON" for OrderToSale {
			    given Shop.orders from "samples/orders.ndjson"
			    expect Sale.amount == 10
			}

			test "from JSON" for OrderToSale {
			    given Shop.single from "samples/order.json"
			    expect Sale.amount == 10
			}
			""";

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	/** In a mapping's test, which dead-letters nothing: a flow's test makes such a line a dead letter (below). */
	@Test
	void aFieldNamedTwiceFailsTheTestWithFileLineAndColumn(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("shop.isl"), PROJECT);
		Files.createDirectories(folder.resolve("samples"));
		Files.writeString(folder.resolve("samples/orders.ndjson"), "{\"id\":\"o-1\",\"amount\":5}\n\n{\"id\":\"o-2\",\"amount\":1,\"amount\":10}\n");
		Files.writeString(folder.resolve("samples/order.json"), "{\n  \"id\": \"o-3\",\n  \"amount\": 10,\n  \"amount\": 10\n}\n");

		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("test", folder.toString()), text(out) + text(err));
		String report = text(out);
		assertTrue(report.contains("FAIL shop.isl: from NDJSON\n    could not run: samples/orders.ndjson: line 3, column 32: the field"
				+ " 'amount' is named twice in one object; the runner refuses such a record (a dead letter), so name each field once\n"),
				report);
		assertTrue(report.contains("FAIL shop.isl: from JSON\n    could not run: samples/order.json: line 4, column 11: the field 'amount'"),
				report);
	}

	/**
	 * An NDJSON line or a CSV row that is no record is a dead letter naming file and line, as the runner's file source
	 * makes it, and the test goes on with the rest (review 38: the whole test "could not run", so bad input could not
	 * be tested with 'expect dead-lettered'). A record that does not fit its declaration names them too.
	 */
	@Test
	void aBadLineOrRowIsADeadLetterAndTheTestGoesOn(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("lines.isl"), """
				package lines

				system Erp kind erp {
				    record Line csv { id : string, qty : integer, placed : timestamp }
				    endpoint lines file "inbox" pattern "*.csv" receives Line
				    endpoint events file "events" pattern "*.ndjson" receives Line
				    endpoint out file "outbox" sends Line
				}

				flow Copy {
				    from Erp.lines
				    to Erp.out
				}

				flow CopyEvents {
				    from Erp.events
				    to Erp.out
				}

				test "bad rows" for Copy {
				    given Erp.lines from "samples/lines.csv"
				    expect outputs 1
				    expect dead-lettered with "samples/lines.csv:3: the row has 2 cells, the header 3"
				    expect dead-lettered with "samples/lines.csv:4: column qty: 'abc' is not an integer"
				    expect dead-lettered with "placed must be a timestamp (ISO-8601, such as 2026-11-01T09:30:00Z), found the string \\"yesterday\\""
				    expect dead-lettered with "samples/lines.csv:5: from lines.Erp.lines: the record does not fit"
				    expect dead-lettered with "samples/lines.csv:6: qty is required, and its CSV cell is empty"
				}

				test "bad lines" for CopyEvents {
				    given Erp.events from "samples/lines.ndjson"
				    expect outputs 2
				    expect dead-lettered with "samples/lines.ndjson: line 2, column 2"
				    expect dead-lettered with "samples/lines.ndjson:4: from lines.Erp.events: the record does not fit"
				}
				""");
		Files.createDirectories(folder.resolve("samples"));
		Files.writeString(folder.resolve("samples/lines.csv"), "id,qty,placed\na,1,2026-01-31T09:00:00Z\nb,2\nc,abc,2026-01-31T09:00:00Z\n"
				+ "d,4,yesterday\ne,,2026-01-31T09:00:00Z\n");
		Files.writeString(folder.resolve("samples/lines.ndjson"), "{\"id\":\"a\",\"qty\":1,\"placed\":\"2026-01-31T09:00:00Z\"}\n{id:1}\n"
				+ "{\"id\":\"c\",\"qty\":3,\"placed\":\"2026-01-31T09:00:00Z\"}\n{\"id\":\"d\",\"qty\":\"many\",\"placed\":\"2026-01-31T09:00:00Z\"}\n");

		assertEquals(IsthmusCommandLine.OK, cli.run("test", folder.toString()), text(out) + text(err));
		assertTrue(text(out).endsWith("2 passed, 0 failed\n"), text(out));
	}

	@Test
	void wellFormedSamplesPass(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("shop.isl"), PROJECT);
		Files.createDirectories(folder.resolve("samples"));
		Files.writeString(folder.resolve("samples/orders.ndjson"), "{\"id\":\"o-2\",\"amount\":10}\n");
		Files.writeString(folder.resolve("samples/order.json"), "{\"id\":\"o-3\",\"amount\":10}");

		assertEquals(IsthmusCommandLine.OK, cli.run("test", folder.toString()), text(out) + text(err));
		assertTrue(text(out).endsWith("2 passed, 0 failed\n"), text(out));
	}

	/**
	 * A CSV sample whose header the runner refuses (a column named twice, a ';'-separated header without the required
	 * columns) fails the test, as the runner fails the file: the test passed on the columns read last-wins (review 24).
	 */
	@Test
	void aCsvSampleWhoseHeaderTheRunnerRefusesFailsTheTest(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("rows.isl"), """
				package rows

				system Erp kind erp {
				    record Line csv { id : string, qty : integer }
				    endpoint lines file "inbox" pattern "*.csv" receives Line
				}

				model Item {
				    key id : String
				    qty    : Long
				}

				mapping LineToItem : Erp.Line -> Item {
				    id  <- id
				    qty <- qty
				}

				test "twice" for LineToItem {
				    given Erp.lines from "samples/twice.csv"
				    expect Item.qty == 2
				}

				test "semicolons" for LineToItem {
				    given Erp.lines from "samples/semicolons.csv"
				    expect Item.qty == 2
				}
				""");
		Files.createDirectories(folder.resolve("samples"));
		Files.writeString(folder.resolve("samples/twice.csv"), "id,qty,qty\na,1,2\n");
		Files.writeString(folder.resolve("samples/semicolons.csv"), "id;qty\na;2\n");

		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("test", folder.toString()), text(out) + text(err));
		String report = text(out);
		assertTrue(report.contains("could not run: samples/twice.csv:1: the header names the column \"qty\" twice (columns 2 and 3)"), report);
		assertTrue(report.contains("could not run: samples/semicolons.csv:1: the header has no column id, qty for the record's required fields"),
				report);
	}
}
