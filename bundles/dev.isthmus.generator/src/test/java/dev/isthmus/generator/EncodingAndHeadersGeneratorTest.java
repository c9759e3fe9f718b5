package dev.isthmus.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;

/**
 * A file endpoint's encoding, an http target's request headers and a jdbc endpoint's URL, as the flow configuration
 * and the test plans carry them: the encoding in Java's canonical spelling, the headers in the model's order with
 * secrets as env references, a URL written in the model as written.
 */
class EncodingAndHeadersGeneratorTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String PROJECT = """
			package erp

			system Erp kind erp {
			    record Row csv { id : string, name : string }
			    endpoint exports file "inbox/erp" pattern "*.csv" encoding "Cp1252" receives Row
			    endpoint plain file "inbox/plain" receives Row
			    endpoint ledger http post "${env:LEDGER_URL}/entries" sends Row header "Stripe-Version" "2024-06-20" header "X-Tenant-Token" env TENANT_TOKEN auth bearer env LEDGER_TOKEN
			    endpoint archive file "outbox" encoding "latin1" sends Row
			    endpoint rows jdbc "jdbc:postgresql://db/erp?user=app&password=${env:ERP_PASSWORD}" table "ROWS" key "ID" sends Row
			    endpoint local jdbc embedded table "ROWS" key "ID" sends Row
			}

			flow Rows {
			    from Erp.exports
			    to Erp.ledger, Erp.archive, Erp.rows, Erp.local
			}

			flow PlainRows {
			    from Erp.plain
			    to Erp.archive
			}

			test "named" for Rows {
			    given Erp.exports from "samples/rows.csv"
			    expect outputs 2
			}

			test "implied by the flow" for Rows {
			    given from "samples/rows.csv"
			    expect outputs 2
			}

			test "utf-8" for PlainRows {
			    given Erp.plain from "samples/rows.csv"
			    expect outputs 2
			}
			""";

	@Test
	void theFlowCarriesTheCanonicalEncodingAndTheHeadersInOrder(@TempDir Path folder) throws Exception {
		JsonNode endpoints = JSON.readTree(generate(folder).get("flows/erp.Rows.json")).get("endpoints");

		assertEquals("windows-1252", endpoints.at("/erp.Erp.exports/transport/encoding").asText(), endpoints.toString());
		assertEquals("ISO-8859-1", endpoints.at("/erp.Erp.archive/transport/encoding").asText(), endpoints.toString());
		assertEquals(JSON.readTree("""
				[{"name": "Stripe-Version", "value": "2024-06-20"}, {"name": "X-Tenant-Token", "secret": {"env": "TENANT_TOKEN"}}]"""),
				endpoints.at("/erp.Erp.ledger/headers"));
		assertEquals("bearer", endpoints.at("/erp.Erp.ledger/auth/scheme").asText(), "auth after the headers is still the auth");
		assertFalse(endpoints.get("erp.Erp.exports").has("headers"), "no headers, no field");
	}

	@Test
	void aJdbcUrlWrittenInTheModelIsCarriedWithItsReferences(@TempDir Path folder) throws Exception {
		JsonNode endpoints = JSON.readTree(generate(folder).get("flows/erp.Rows.json")).get("endpoints");

		// Left out before (taken for a secret), and the runner wrote the rows into its embedded database (review 27).
		assertEquals("jdbc:postgresql://db/erp?user=app&password=${env:ERP_PASSWORD}", endpoints.at("/erp.Erp.rows/transport/url").asText(),
				endpoints.toString());
		assertFalse(endpoints.at("/erp.Erp.rows/transport").has("embedded"), endpoints.toString());
		assertEquals(true, endpoints.at("/erp.Erp.local/transport/embedded").asBoolean(), endpoints.toString());
	}

	@Test
	void anEndpointWithoutEncodingHasNoEncodingField(@TempDir Path folder) throws Exception {
		JsonNode endpoints = JSON.readTree(generate(folder).get("flows/erp.PlainRows.json")).get("endpoints");

		assertFalse(endpoints.at("/erp.Erp.plain/transport").has("encoding"), endpoints.toString());
	}

	@Test
	void aTestPlansGivenFileCarriesItsEndpointsEncoding(@TempDir Path folder) throws Exception {
		List<JsonNode> plans = ConnectorGenerator.testPlans(load(folder));

		assertEquals("windows-1252", given(plans, "named").path("encoding").asText(null));
		assertEquals("windows-1252", given(plans, "implied by the flow").path("encoding").asText(null));
		assertFalse(given(plans, "utf-8").has("encoding"), given(plans, "utf-8").toString());
	}

	private static JsonNode given(List<JsonNode> plans, String test) {
		return plans.stream().filter(p -> p.get("name").asText().equals(test)).findFirst().orElseThrow().at("/givens/0");
	}

	private static java.util.Map<String, String> generate(Path folder) throws Exception {
		IslProject project = load(folder);
		assertEquals(List.of(), project.errors().stream().map(ProjectDiagnostic::format).toList());
		return new ConnectorGenerator("0.1.0.test").generate(project);
	}

	private static IslProject load(Path folder) throws Exception {
		Files.writeString(folder.resolve("erp.isl"), PROJECT);
		Files.createDirectories(folder.resolve("samples"));
		Files.writeString(folder.resolve("samples/rows.csv"), "id,name\n1,Zoe\n2,Ann\n");
		return IslProject.load(folder);
	}
}
