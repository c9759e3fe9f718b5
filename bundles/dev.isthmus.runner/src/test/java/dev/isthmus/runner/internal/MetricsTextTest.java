package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * /metrics as a Prometheus scraper reads it: every family has its HELP and TYPE (the gauge and the histogram had no
 * HELP), and a flow's delivery counters are there at 0 before their first event (they appeared only after it, so
 * {@code rate()} and alerts on them had no series to start from).
 */
class MetricsTextTest {

	@Test
	void everyFamilyHasHelpAndTypeAndDeliveryCountersStartAtZero() {
		Metrics metrics = new Metrics();
		metrics.declareDeliveries("shop.Orders", "shop.Ledger.entries");
		metrics.count("isthmus_records_in_total", Metrics.labels("flow", "shop.Orders"), 3);
		metrics.gauge("isthmus_queue_depth", Metrics.labels("endpoint", "shop.Ledger.entries"), () -> 2);
		metrics.observe("isthmus_delivery_latency_seconds", Metrics.labels("endpoint", "shop.Ledger.entries"), 0.2);
		// a delivery retried for 10 minutes: in the 15-minute bucket, not only in +Inf (review 21)
		metrics.observe("isthmus_delivery_latency_seconds", Metrics.labels("endpoint", "shop.Ledger.entries"), 600);
		String text = metrics.render();
		List<String> lines = text.lines().toList();
		for (String line : lines) {
			if (line.startsWith("# TYPE ")) {
				String name = line.split(" ")[2];
				int at = lines.indexOf(line);
				assertTrue(at > 0 && lines.get(at - 1).startsWith("# HELP " + name + " ") && !lines.get(at - 1).endsWith(" " + name),
						"a HELP with a text before " + line + "\n" + text);
			}
		}
		for (String counter : List.of("isthmus_records_out_total", "isthmus_records_failed_total", "isthmus_records_dead_lettered_total",
				"isthmus_delivery_failures_total")) {
			assertTrue(lines.contains(counter + "{flow=\"shop.Orders\",endpoint=\"shop.Ledger.entries\"} 0"), counter + "\n" + text);
		}
		assertTrue(lines.contains("isthmus_retries_total{endpoint=\"shop.Ledger.entries\"} 0"), text);
		assertEquals(8, lines.stream().filter(l -> l.startsWith("# TYPE ")).count(), text);
		assertTrue(lines.contains("isthmus_delivery_latency_seconds_bucket{endpoint=\"shop.Ledger.entries\",le=\"300.0\"} 1"), text);
		assertTrue(lines.contains("isthmus_delivery_latency_seconds_bucket{endpoint=\"shop.Ledger.entries\",le=\"900.0\"} 2"), text);
	}

	/**
	 * The records a flow holds in its open windows, a gauge per flow: they take the runner's memory until their window
	 * closes, and an operator saw the heap fill with an hour's window and no series to tell it by (review 28).
	 */
	@Test
	void aFlowsHeldRecordsAreAGauge() {
		Metrics metrics = new Metrics();
		FlowCounts counts = new FlowCounts("usage.Hourly", "usage.Meter.events", metrics);
		assertTrue(metrics.render().lines().toList().contains("isthmus_held_records{flow=\"usage.Hourly\"} 0"), metrics.render());
		FlowWorker.Tally held = new FlowWorker.Tally();
		held.received = 5;
		held.held = 5;
		counts.batchCommitted(held);
		FlowWorker.Tally closed = new FlowWorker.Tally();
		closed.held = -2;
		counts.windowsClosed(closed);
		String text = metrics.render();
		assertTrue(text.lines().toList().contains("isthmus_held_records{flow=\"usage.Hourly\"} 3"), text);
		assertTrue(text.contains("# HELP isthmus_held_records Records a flow holds in its open aggregation windows"), text);
	}
}
