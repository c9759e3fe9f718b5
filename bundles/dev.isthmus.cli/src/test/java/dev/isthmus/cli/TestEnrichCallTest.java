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
 * {@code isthmus test} of a flow that enriches its records by a call: a {@code given} naming the called endpoint is
 * the call's answer (one per call, in turn; {@code null} for no such record), typed by the endpoint's record as the
 * runner types what the endpoint answers. A call the test gives no answer for is a dead letter saying what to add.
 */
class TestEnrichCallTest {

	private static final String PROJECT = """
			package shop
			system Shop kind commerce {
			    record Order json { id : string, customer : string }
			    endpoint orders file "inbox" pattern "*.ndjson" receives Order
			}
			system Crm kind crm {
			    record Account json { id : string, name : string, tier : string? }
			    endpoint accounts http get "http://crm.invalid/accounts/{customer}" receives Account
			}
			system Out kind files {
			    record Line json { id : string, name : string? }
			    endpoint done file "out" pattern "l-*.ndjson" sends Line
			}
			model Sale { key id : String  customer : String  account : Crm.Account? }
			mapping OrderToSale : Shop.Order -> Sale { id <- id  customer <- customer }
			mapping SaleToLine : Sale -> Out.Line { id <- id  name <- account?.name }
			flow Enrich {
			    from Shop.orders
			    map OrderToSale
			    enrich account with call Crm.accounts
			    to Out.done via SaleToLine
			}
			test "the account is the CRM's answer" for Enrich {
			    given Shop.orders { "id": "o1", "customer": "c1" }
			    given Crm.accounts { "id": "c1", "name": "Acme", "tier": "gold", "undeclared": true }
			    expect Sale.account?.name == "Acme"
			    expect Line.name == "Acme"
			}
			test "no such account" for Enrich {
			    given Shop.orders { "id": "o2", "customer": "c9" }
			    given Crm.accounts null
			    expect outputs 1
			    expect Line.name == null
			}
			test "an answer that does not fit" for Enrich {
			    given Shop.orders { "id": "o3", "customer": "c3" }
			    given Crm.accounts { "id": "c3" }
			    expect dead-lettered with "answered a record that does not fit shop.Crm.Account"
			}
			test "an answer too many" for Enrich {
			    given Shop.orders { "id": "o6", "customer": "c6" }
			    given Crm.accounts [ { "id": "c6", "name": "Six" }, { "id": "c7", "name": "Seven" } ]
			    expect outputs 1
			}
			test "no answer given" for Enrich {
			    given Shop.orders [ { "id": "o4", "customer": "c4" }, { "id": "o5", "customer": "c5" } ]
			    given Crm.accounts { "id": "c4", "name": "Four" }
			    expect outputs 2
			}
			""";

	@Test
	void aGivenForTheCalledEndpointIsTheCallsAnswer(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("shop.isl"), PROJECT);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("test", folder.toString());

		String report = text(out) + text(err);
		assertEquals(IsthmusCommandLine.PROBLEMS, code, report);
		assertTrue(report.contains("3 passed, 2 failed"), report);
		assertTrue(report.contains("1 answer given for shop.Crm.accounts was not asked for: the flow called it 1 times; remove the extra given,"
				+ " or give the records that call it"), report);
		assertTrue(report.contains("enrich account, call shop.Crm.accounts: the test gives answers for 1 calls, and this is call 2; add a given"
				+ " shop.Crm.accounts { … } for each call (given shop.Crm.accounts null: no such record)"), report);
	}
}
