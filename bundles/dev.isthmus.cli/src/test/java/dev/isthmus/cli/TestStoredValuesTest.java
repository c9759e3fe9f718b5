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
 * What a mapped record must hold beyond its values' types, as {@code isthmus test} and the runner see it (one
 * engine): a {@code Decimal(2)} no more than two fraction digits (a source's plain {@code decimal} may have more; the
 * language asks to round it), a {@code Currency} an ISO 4217 code — both went through mapping, {@code validate}
 * and delivery (review 34: 5.125 reached the ERP and the table, "ZZZ" passed); and an aggregating flow's
 * expectations read the group's result, not the first record held for it (review 34: {@code expect
 * DailySales.orders == 2} saw 1). Seen failing before the change: 3 of the 5 tests below failed.
 */
class TestStoredValuesTest {

	private static final String PROJECT = """
			package shop
			system Shop kind commerce {
			    record Refund json { id : string, amount : decimal, currency : string, paidAt : timestamp }
			    endpoint refunds file "inbox" pattern "*.ndjson" receives Refund
			    endpoint dailyRefunds file "daily" pattern "*.ndjson" receives Refund
			}
			system Erp kind erp {
			    record Credit json { id : string, amount : decimal, currency : string }
			    endpoint credits file "out" pattern "c-*.ndjson" sends Credit
			    record Daily json { day : timestamp, total : decimal, refunds : integer }
			    endpoint days file "days" pattern "d-*.ndjson" sends Daily
			}
			model Credit { key id : String  amount : Decimal(2)  currency : Currency  paidAt : Timestamp }
			model Day { currency : Currency  day : Timestamp  total : Decimal(2)  refunds : Integer }
			mapping RefundToCredit : Shop.Refund -> Credit { id <- id  amount <- amount  currency <- currency  paidAt <- paidAt }
			mapping CreditOut : Credit -> Erp.Credit { id <- id  amount <- amount  currency <- currency }
			mapping CreditToDay : Credit -> Day { currency <- currency  day <- paidAt  total <- amount  refunds <- 1 }
			mapping DayOut : Day -> Erp.Daily { day <- day  total <- total  refunds <- refunds }
			flow Credits {
			    from Shop.refunds
			    map RefundToCredit
			    validate
			    to Erp.credits via CreditOut
			}
			flow Days {
			    from Shop.dailyRefunds
			    map RefundToCredit
			    map CreditToDay
			    aggregate by currency every 1d { total <- sum(total)  refunds <- sum(refunds) }
			    to Erp.days via DayOut
			}
			test "two fraction digits go" for Credits {
			    given Shop.refunds { "id": "r1", "amount": 5.10, "currency": "EUR", "paidAt": "2026-12-05T10:00:00Z" }
			    expect outputs 1
			    expect Credit.amount == 5.10
			}
			test "three fraction digits are refused" for Credits {
			    given Shop.refunds { "id": "r2", "amount": 5.125, "currency": "EUR", "paidAt": "2026-12-05T10:00:00Z" }
			    expect dead-lettered with "amount is Decimal(2), found 5.125 with 3 fraction digits"
			}
			test "trailing zeros are no digits" for Credits {
			    given Shop.refunds { "id": "r3", "amount": 5.1000, "currency": "EUR", "paidAt": "2026-12-05T10:00:00Z" }
			    expect outputs 1
			}
			test "a code that is no currency is refused" for Credits {
			    given Shop.refunds { "id": "r4", "amount": 1.00, "currency": "ZZZ", "paidAt": "2026-12-05T10:00:00Z" }
			    expect dead-lettered with "currency is a Currency, found \\"ZZZ\\", which is no ISO 4217 currency code"
			}
			test "a day's refunds are summed" for Days {
			    given Shop.dailyRefunds [
			        { "id": "r5", "amount": 10.00, "currency": "EUR", "paidAt": "2026-12-05T10:00:00Z" },
			        { "id": "r6", "amount": 20.50, "currency": "EUR", "paidAt": "2026-12-05T11:00:00Z" } ]
			    expect outputs 1
			    expect Day.refunds == 2
			    expect Day.total == 30.50
			}
			""";

	@Test
	void mappedValuesHoldWhatTheirModelSays(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("shop.isl"), PROJECT);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("test", folder.toString());

		String report = text(out) + text(err);
		assertEquals(IsthmusCommandLine.OK, code, report);
		assertTrue(report.contains("5 passed, 0 failed"), report);
	}
}
