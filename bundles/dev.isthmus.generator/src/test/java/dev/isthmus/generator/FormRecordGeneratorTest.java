package dev.isthmus.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;

/**
 * A {@code form} record's http target: the flow's endpoint says {@code "format": "form"} (the runner form-encodes
 * its body by it), and the record's schema says it in {@code x-isthmus-format}.
 */
class FormRecordGeneratorTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String PROJECT = """
			package bill

			system Product kind product {
			    record Usage json { customer : string, quantity : integer }
			    endpoint usage webhook "/usage" receives Usage
			}

			system Stripe kind billing {
			    record MeterEvent form { event_name : string, payload : { stripe_customer_id : string, value : string } }
			    endpoint meterEvents http post "${env:STRIPE_API}/v1/billing/meter_events" sends MeterEvent auth bearer env STRIPE_API_KEY
			}

			mapping UsageToMeterEvent : Product.Usage -> Stripe.MeterEvent {
			    event_name <- "api_calls"
			    payload {
			        stripe_customer_id <- customer
			        value              <- toString(quantity)
			    }
			}

			flow Meter {
			    from Product.usage
			    to Stripe.meterEvents via UsageToMeterEvent
			}
			""";

	@Test
	void theEndpointAndTheRecordsSchemaSayForm(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("bill.isl"), PROJECT);
		IslProject project = IslProject.load(folder);
		assertEquals(List.of(), project.errors().stream().map(ProjectDiagnostic::format).toList());
		Map<String, String> files = new ConnectorGenerator("0.1.0.test").generate(project);

		JsonNode endpoints = JSON.readTree(files.get("flows/bill.Meter.json")).get("endpoints");
		assertEquals("form", endpoints.at("/bill.Stripe.meterEvents/format").asText(), endpoints.toString());
		assertEquals("json", endpoints.at("/bill.Product.usage/format").asText(), endpoints.toString());
		String schema = files.keySet().stream().filter(f -> f.contains("MeterEvent")).findFirst()
				.orElseThrow(() -> new AssertionError(files.keySet()));
		assertEquals("form", JSON.readTree(files.get(schema)).path("x-isthmus-format").asText(), files.get(schema));
	}
}
