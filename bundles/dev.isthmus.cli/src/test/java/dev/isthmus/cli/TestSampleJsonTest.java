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
 * A test block's JSON sample is read as the runner reads its inputs: an object naming a field twice fails the test,
 * saying where (it was read last-wins, and a test passed on a record the runner makes a dead letter).
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
