package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * /metrics scraped on a fresh runner, before any record: every family README lists is there with its HELP and TYPE,
 * each flow's and each webhook endpoint's series at 0. records_in, records_duplicate, records_filtered,
 * records_dead_lettered and requests_rejected were missing altogether until the first webhook, so an alert on
 * {@code rate()} had no series to start from. Seen failing before the fix.
 */
class RunnerMetricsAtStartTest {

	private static final List<String> FAMILIES = List.of("isthmus_records_in_total counter", "isthmus_records_out_total counter",
			"isthmus_records_failed_total counter", "isthmus_delivery_failures_total counter", "isthmus_records_duplicate_total counter",
			"isthmus_records_dead_lettered_total counter", "isthmus_records_filtered_total counter", "isthmus_retries_total counter",
			"isthmus_requests_rejected_total counter", "isthmus_queue_depth gauge", "isthmus_held_records gauge",
			"isthmus_delivery_latency_seconds histogram");

	@Test
	void everyFamilyIsThereAtZeroBeforeTheFirstRecord(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
		// Nothing listens at BASE: no record comes, so nothing is sent.
		RunnerOptions options = RunnerTestProjects.options(generated, root, Map.of("BASE", "http://127.0.0.1:9", "QKEY",
				HttpTargetProject.QKEY, "BASIC_CREDS", "alice:s3cr3t-pass")).withPorts("127.0.0.1", 0, 0);
		try (Runner runner = Runner.start(options)) {
			URI uri = URI.create("http://127.0.0.1:" + runner.managementPort() + "/metrics");
			await("/metrics answering with the queue depth", () -> ShopProject.scrape(uri).contains("isthmus_queue_depth{"));
			String text = ShopProject.scrape(uri);
			List<String> lines = text.lines().toList();
			for (String family : FAMILIES) {
				String name = family.split(" ")[0];
				int type = lines.indexOf("# TYPE " + family);
				assertTrue(type > 0 && lines.get(type - 1).startsWith("# HELP " + name + " "), family + " with its HELP\n" + text);
				assertEquals(1, lines.stream().filter(l -> l.startsWith("# TYPE " + name + " ")).count(), name + " typed once\n" + text);
			}
			for (String counter : List.of("isthmus_records_in_total", "isthmus_records_duplicate_total", "isthmus_records_filtered_total",
					"isthmus_records_dead_lettered_total")) {
				// labelled with the flow's source endpoint too: the records they count came in there
				for (String[] flow : new String[][] { { "web.Plain", "web.Src.plain" }, { "web.Retried", "web.Src.retried" },
						{ "web.Readings", "web.Meter.readings" } }) {
					assertTrue(lines.contains(counter + "{flow=\"" + flow[0] + "\",endpoint=\"" + flow[1] + "\"} 0"),
							counter + " of " + flow[0] + "\n" + text);
				}
			}
			for (String endpoint : List.of("web.Src.plain", "web.Src.retried", "web.Meter.readings")) {
				for (String status : List.of("400", "413", "415")) {
					assertTrue(lines.contains("isthmus_requests_rejected_total{endpoint=\"" + endpoint + "\",status=\"" + status + "\"} 0"),
							endpoint + " " + status + "\n" + text);
				}
			}
			assertTrue(lines.contains("isthmus_records_out_total{flow=\"web.Plain\",endpoint=\"web.Api.items\"} 0"), text);
			// a target's dead letters under the target (they were the flow's alone: review 21)
			assertTrue(lines.contains("isthmus_records_dead_lettered_total{flow=\"web.Plain\",endpoint=\"web.Api.items\"} 0"), text);
			assertTrue(lines.contains("isthmus_delivery_latency_seconds_count{endpoint=\"web.Api.items\"} 0"), text);
			assertTrue(lines.contains("isthmus_queue_depth{endpoint=\"web.Api.items\"} 0"), text);
			assertTrue(lines.contains("isthmus_held_records{flow=\"web.Plain\"} 0"), text);
		}
	}
}
