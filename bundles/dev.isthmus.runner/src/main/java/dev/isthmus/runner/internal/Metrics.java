package dev.isthmus.runner.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters, gauges and latency histograms by flow and endpoint, rendered in the Prometheus text format
 * (version 0.0.4) for {@code /metrics}. Labels carry names from the configuration only, never record values.
 */
public final class Metrics {

	/** Up to an hour: a delivery's latency counts its retries, whose backoff runs to minutes (review 21: all in +Inf). */
	private static final double[] BUCKETS = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600 };
	private static final Map<String, String> HELP = Map.ofEntries(
			Map.entry("isthmus_records_in_total", "Records accepted at a flow's source endpoint."),
			Map.entry("isthmus_records_out_total", "Records delivered to an endpoint."),
			Map.entry("isthmus_records_failed_total", "Records whose delivery to an endpoint failed, counted at their first failed attempt."),
			Map.entry("isthmus_delivery_failures_total", "Delivery attempts that failed (a pack of records is one attempt)."),
			Map.entry("isthmus_records_duplicate_total", "Records from a flow's source endpoint skipped as duplicates by an idempotent step."),
			Map.entry("isthmus_records_dead_lettered_total",
					"Records that became dead letters: at a flow's source endpoint those the flow refused (unreadable, a step or group that"
							+ " failed), at a target endpoint the deliveries refused or out of retries."),
			Map.entry("isthmus_records_filtered_total", "Records from a flow's source endpoint a where-filter did not take."),
			Map.entry("isthmus_retries_total", "Deliveries scheduled for another attempt."),
			Map.entry("isthmus_requests_rejected_total", "Webhook requests refused, by HTTP status (400 bad JSON, 401 signature, 408 too slow, 413 size, 415 type, 503 journal unavailable or stopping)."),
			Map.entry("isthmus_queue_depth", "Deliveries waiting in the journal for an endpoint (queued, or waiting for a retry)."),
			Map.entry("isthmus_held_records", "Records a flow holds in its open aggregation windows (in the journal, and in memory until their"
					+ " window closes)."),
			Map.entry("isthmus_delivery_latency_seconds", "Time from a delivery's queueing in the journal to its success."),
			Map.entry("isthmus_calls_total", "Calls of enrich ... with call steps by how they ended: answered, none (no such record: 404, 410,"
					+ " 204), failed (no answer: refused, or out of attempts; the record became a dead letter)."),
			Map.entry("isthmus_call_failures_total", "Call attempts that failed (each retry's failure apart, refused credentials included)."),
			Map.entry("isthmus_call_latency_seconds", "Time of a call's answered attempt."),
			Map.entry("isthmus_call_cache_hits_total", "Calls answered from the endpoint's cache, without a request."));

	private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
	private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
	private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

	public void count(String name, String labels, long n) {
		counters.computeIfAbsent(name + "{" + labels + "}", k -> new LongAdder()).add(n);
	}

	public void observe(String name, String labels, double seconds) {
		histograms.computeIfAbsent(name + "{" + labels + "}", k -> new Histogram()).observe(seconds);
	}

	/**
	 * Shows a flow's delivery counters for an endpoint at 0 from the start, so that a scrape, {@code rate()} and an
	 * alert on them see the series before its first event, as they see the flow's own counters.
	 */
	public void declareDeliveries(String flow, String endpoint) {
		String labels = labels("flow", flow, "endpoint", endpoint);
		count("isthmus_records_out_total", labels, 0);
		count("isthmus_records_failed_total", labels, 0);
		count("isthmus_records_dead_lettered_total", labels, 0);
		count("isthmus_delivery_failures_total", labels, 0);
		count("isthmus_retries_total", labels("endpoint", endpoint), 0);
		histograms.computeIfAbsent("isthmus_delivery_latency_seconds{" + labels("endpoint", endpoint) + "}", k -> new Histogram());
	}

	/**
	 * Shows a flow's record counters at 0 from the start (see {@link #declareDeliveries}), labelled with its source
	 * endpoint, where the records they count came in; a target's dead letters are counted under the target.
	 */
	public void declareFlow(String flow, String source) {
		String labels = labels("flow", flow, "endpoint", source);
		for (String name : List.of("isthmus_records_in_total", "isthmus_records_filtered_total", "isthmus_records_duplicate_total",
				"isthmus_records_dead_lettered_total")) {
			count(name, labels, 0);
		}
	}

	/**
	 * Shows a webhook endpoint's refused requests at 0 from the start, for each status {@link WebhookServer} refuses
	 * with (401 only where a signature is checked). A status added there and not here appears at its first refusal.
	 */
	public void declareRejections(String endpoint, boolean signed) {
		for (String status : signed ? List.of("400", "401", "413", "415") : List.of("400", "413", "415")) {
			count("isthmus_requests_rejected_total", labels("endpoint", endpoint, "status", status), 0);
		}
	}

	/** Shows a histogram empty from the start (see {@link #declareDeliveries}). */
	void declareHistogram(String name, String labels) {
		histograms.computeIfAbsent(name + "{" + labels + "}", k -> new Histogram());
	}

	public void gauge(String name, String labels, LongSupplier value) {
		gauges.put(name + "{" + labels + "}", value);
	}

	public static String labels(String... pairs) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < pairs.length; i += 2) {
			s.append(i == 0 ? "" : ",").append(pairs[i]).append("=\"")
					.append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
		}
		return s.toString();
	}

	public String render() {
		StringBuilder out = new StringBuilder();
		Map<String, Map<String, String>> byName = new TreeMap<>();
		counters.forEach((k, v) -> byName.computeIfAbsent(k.substring(0, k.indexOf('{')), n -> new TreeMap<>()).put(k, Long.toString(v.sum())));
		for (var name : byName.entrySet()) {
			help(out, name.getKey());
			out.append("# TYPE ").append(name.getKey()).append(" counter\n");
			name.getValue().forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
		}
		Map<String, Long> gaugeValues = gaugeValues();
		String lastGauge = null;
		for (var g : gaugeValues.entrySet()) {
			String name = g.getKey().substring(0, g.getKey().indexOf('{'));
			if (!name.equals(lastGauge)) {
				help(out, name);
				out.append("# TYPE ").append(name).append(" gauge\n");
				lastGauge = name;
			}
			out.append(g.getKey()).append(' ').append(g.getValue()).append('\n');
		}
		String lastHistogram = null;
		for (var h : new TreeMap<>(histograms).entrySet()) {
			String name = h.getKey().substring(0, h.getKey().indexOf('{'));
			String labels = h.getKey().substring(name.length() + 1, h.getKey().length() - 1);
			if (!name.equals(lastHistogram)) {
				help(out, name);
				out.append("# TYPE ").append(name).append(" histogram\n");
				lastHistogram = name;
			}
			h.getValue().render(out, name, labels);
		}
		return out.toString();
	}

	private static void help(StringBuilder out, String name) {
		out.append("# HELP ").append(name).append(' ').append(HELP.getOrDefault(name, name)).append('\n');
	}

	/** The gauges' values read last, for a scrape while reading them waits on a database (see {@link #gaugeValues}). */
	private volatile Map<String, Long> lastGauges = Map.of();
	private java.util.concurrent.Future<Map<String, Long>> reading;
	private final java.util.concurrent.ExecutorService gaugeReader = new java.util.concurrent.ThreadPoolExecutor(0, 1, 10,
			java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
				Thread t = new Thread(r, "isthmus-gauges");
				t.setDaemon(true);
				return t;
			});

	/**
	 * The gauges' values, read on a thread of their own: some ask the journal (deliveries waiting), and a journal
	 * server that does not answer held /metrics — and /health, served by the same thread — for as long. After two
	 * seconds the values read last are given instead.
	 */
	private synchronized Map<String, Long> gaugeValues() {
		if (reading == null) {
			reading = gaugeReader.submit(() -> {
				Map<String, Long> values = new TreeMap<>();
				gauges.forEach((k, v) -> {
					try {
						values.put(k, v.getAsLong());
					} catch (RuntimeException e) {
						// a gauge that cannot be read now (journal busy) is left out of this scrape
					}
				});
				return values;
			});
		}
		try {
			lastGauges = reading.get(2, java.util.concurrent.TimeUnit.SECONDS);
			reading = null;
		} catch (java.util.concurrent.TimeoutException e) {
			// still reading: the next scrape waits for the same reading
		} catch (java.util.concurrent.ExecutionException e) {
			reading = null;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return new TreeMap<>(lastGauges);
	}

	private static final class Histogram {
		final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
		final AtomicLong sumNanos = new AtomicLong();

		Histogram() {
			for (int i = 0; i < counts.length; i++) {
				counts[i] = new LongAdder();
			}
		}

		void observe(double seconds) {
			int i = 0;
			while (i < BUCKETS.length && seconds > BUCKETS[i]) {
				i++;
			}
			counts[i].increment();
			sumNanos.addAndGet((long) (seconds * 1e9));
		}

		void render(StringBuilder out, String name, String labels) {
			long cumulative = 0;
			String sep = labels.isEmpty() ? "" : ",";
			for (int i = 0; i < BUCKETS.length; i++) {
				cumulative += counts[i].sum();
				out.append(name).append("_bucket{").append(labels).append(sep).append("le=\"").append(BUCKETS[i]).append("\"} ")
						.append(cumulative).append('\n');
			}
			cumulative += counts[BUCKETS.length].sum();
			out.append(name).append("_bucket{").append(labels).append(sep).append("le=\"+Inf\"} ").append(cumulative).append('\n');
			out.append(name).append("_sum{").append(labels).append("} ").append(sumNanos.get() / 1e9).append('\n');
			out.append(name).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
		}
	}
}
