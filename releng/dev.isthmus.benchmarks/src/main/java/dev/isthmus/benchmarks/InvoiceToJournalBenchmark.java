package dev.isthmus.benchmarks;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.bazaarvoice.jolt.Chainr;
import com.bazaarvoice.jolt.JsonUtils;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.engine.Evaluation;
import dev.isthmus.engine.LookupFiles;
import dev.isthmus.engine.LookupTable;
import dev.isthmus.engine.Rules;
import dev.isthmus.engine.Values;
import dev.isthmus.library.AccountingCalendar;

/**
 * One mapping four ways, side by side: a Stripe invoice (from shared/samples, as the example's sample carries it)
 * to the canonical Invoice and on to a NetSuite-shaped journal entry — (a) the Isthmus engine on the generated
 * configuration of examples/revenue-ops, (b) hand-written Jackson tree code in the same two steps, (c) JSONata,
 * (d) JOLT. Each starts from a parsed input in its own native form and ends with a JSON tree. JSONata and JOLT go
 * straight to the journal, without the canonical step, which only flatters them. JOLT has no date or lookup
 * functions, so its journal lacks the posting date and the revenue accounts.
 *
 * <p>Needs the generated example: run the README's main job first (it writes target/revenue-ops), then
 * {@code java -jar releng/dev.isthmus.benchmarks/target/benchmarks.jar} from the repository's top folder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InvoiceToJournalBenchmark {

	private static final ObjectMapper JSON = new ObjectMapper();

	private JsonNode invoice;
	private Map<String, Object> invoiceAsMap;
	private Rules toInvoice;
	private Rules toJournal;
	private JsonNode stripeSchema;
	private Map<String, JsonNode> schemas;
	private Map<String, LookupTable> lookups;
	private Jsonata jsonata;
	private Chainr jolt;

	@Setup
	@SuppressWarnings("unchecked")
	public void load() throws IOException {
		Path generated = Path.of(System.getProperty("isthmus.generated", "target/revenue-ops"));
		Path example = Path.of(System.getProperty("isthmus.example", "examples/revenue-ops"));
		JsonNode config = JSON.readTree(generated.resolve("flows/acme.revenue.InvoicePosting.json").toFile());
		toInvoice = Rules.compile(config.at("/mappings/acme.revenue.StripeInvoiceToInvoice/rules"), "to invoice");
		toJournal = Rules.compile(config.at("/mappings/acme.revenue.InvoiceToJournal/rules"), "to journal");
		schemas = new java.util.HashMap<>();
		try (var files = Files.list(generated.resolve("schemas"))) {
			for (Path file : files.toList()) {
				schemas.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
			}
		}
		stripeSchema = schemas.get("acme.revenue.Stripe.StripeInvoice.schema.json");
		lookups = LookupFiles.load(config, example);
		invoice = JSON.readTree(example.resolve("samples/stripe-invoice-finalized.json").toFile()).at("/data/object");
		invoiceAsMap = JSON.convertValue(invoice, Map.class);
		jsonata = Jsonata.jsonata(resource("invoice-to-journal.jsonata"));
		jolt = Chainr.fromSpec(JsonUtils.jsonToList(resource("invoice-to-journal.jolt.json")));
		// The engine must produce exactly the hand-written journal, and each way some journal, before any is measured.
		if (!isthmusEngine().equals(handWritten())) {
			throw new IllegalStateException("the engine and the hand-written code disagree:\n" + isthmusEngine() + "\n" + handWritten());
		}
		for (Object out : List.of(isthmusEngine(), handWritten(), jsonata(), jolt())) {
			if (out == null || out.toString().length() < 50) {
				throw new IllegalStateException("a benchmark made no journal: " + out);
			}
		}
	}

	private static String resource(String name) throws IOException {
		try (var in = InvoiceToJournalBenchmark.class.getResourceAsStream("/" + name)) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	@Benchmark
	@SuppressWarnings("unchecked")
	public JsonNode isthmusEngine() {
		Object record = Values.fromJson(invoice, stripeSchema, schemas::get);
		Map<String, Object> canonical = toInvoice.apply(new Evaluation((Map<String, Object>) record, lookups, Instant::now,
				AccountingCalendar.DEFAULT));
		return Values.toJson(toJournal.apply(new Evaluation(canonical, lookups, Instant::now, AccountingCalendar.DEFAULT)));
	}

	/** Like the mappings, in two steps through the canonical Invoice, here a Jackson tree as it would travel. */
	@Benchmark
	public JsonNode handWritten() {
		return invoiceToJournal(stripeToInvoice(invoice));
	}

	private static ObjectNode stripeToInvoice(JsonNode stripe) {
		String currency = stripe.get("currency").asText().toUpperCase(Locale.ROOT);
		int exponent = Currency.getInstance(currency).getDefaultFractionDigits();
		ObjectNode canonical = JSON.createObjectNode();
		canonical.put("id", stripe.get("id").asText());
		canonical.put("customer", stripe.get("customer").asText());
		canonical.put("currency", currency);
		canonical.put("total", BigDecimal.valueOf(stripe.get("total").asLong(), exponent));
		canonical.put("status", switch (stripe.get("status").asText()) {
			case "draft" -> "DRAFT";
			case "open" -> "OPEN";
			case "paid" -> "PAID";
			case "void" -> "VOID";
			default -> "UNCOLLECTIBLE";
		});
		canonical.put("issuedAt", Instant.ofEpochSecond(stripe.get("created").asLong()).toString());
		ArrayNode lines = canonical.putArray("lines");
		for (JsonNode line : stripe.at("/lines/data")) {
			ObjectNode l = lines.addObject();
			JsonNode product = line.at("/price/product");
			l.put("sku", product.isTextual() ? product.asText() : "unassigned");
			JsonNode description = line.get("description");
			l.put("description", description == null || description.isNull() ? null : description.asText());
			l.put("amount", BigDecimal.valueOf(line.get("amount").asLong(), exponent));
		}
		return canonical;
	}

	private JsonNode invoiceToJournal(JsonNode canonical) {
		String id = canonical.get("id").asText();
		String currency = canonical.get("currency").asText();
		ObjectNode journal = JSON.createObjectNode();
		journal.put("externalId", "INV-" + id);
		journal.put("tranDate", Instant.parse(canonical.get("issuedAt").asText()).atZone(ZoneId.of("America/New_York"))
				.toLocalDate().toString());
		journal.put("memo", "Invoice " + id + " of " + canonical.get("customer").asText());
		String entity = switch (currency) {
			case "EUR" -> "DE01";
			case "SGD" -> "SG01";
			default -> "US01";
		};
		journal.putObject("subsidiary").put("internalId", switch (entity) {
			case "DE01" -> "3";
			case "SG01" -> "4";
			default -> "1";
		});
		journal.putObject("currency").put("name", currency);
		ArrayNode lines = journal.putArray("lineList");
		ObjectNode receivable = lines.addObject();
		receivable.putObject("account").put("internalId", "1200");
		receivable.put("debit", canonical.get("total").decimalValue());
		receivable.put("memo", "Accounts receivable");
		for (JsonNode line : canonical.get("lines")) {
			ObjectNode credit = lines.addObject();
			String sku = line.get("sku").asText();
			Object account = lookups.get("revenueAccountBySku").get(sku);
			credit.putObject("account").put("internalId", account == null ? "4000" : account.toString());
			credit.put("credit", line.get("amount").decimalValue());
			JsonNode description = line.get("description");
			credit.put("memo", description.isNull() ? sku : description.asText());
		}
		return journal;
	}

	@Benchmark
	public Object jsonata() {
		return jsonata.evaluate(invoiceAsMap);
	}

	@Benchmark
	public Object jolt() {
		return jolt.transform(JSON.convertValue(invoiceAsMap, Map.class));
	}
}
