package dev.isthmus.benchmarks.usage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The input of the usage benchmark, the same for every contender: NDJSON usage events written deterministically from
 * a seed, and the USAGE_HOURLY rows a correct run must leave, worked out here in plain Java so that no contender checks
 * itself.
 *
 * <p>About 2,000 customers, 3 skus, timestamps spread over 48 hours in file order give or take two minutes (so events
 * of one hour cluster, but a few cross into the neighbouring hour). About 5% of the lines repeat an earlier event
 * byte for byte, as a redelivery would; the earlier event is drawn from the whole file so far, not only the last few,
 * so a repository that forgets old ids (Camel's in-memory one keeps 1,000 by default) gets the sums wrong.
 *
 * @param lines the lines written, duplicates included
 * @param duplicates the lines that repeat an earlier eventId and must be skipped
 * @param expected the sum of quantity over distinct events, per customer, sku and hour
 */
public record UsageEvents(long lines, long duplicates, Map<Window, Long> expected) {

	/** The key of a USAGE_HOURLY row: a customer's use of a sku in the hour (UTC) beginning at {@code start}. */
	public record Window(String customer, String sku, Instant start) {
	}

	static final int CUSTOMERS = 2_000;
	static final String[] SKUS = { "prod_api_calls", "prod_storage_gb", "prod_seats" };
	static final Instant FIRST = Instant.parse("2026-11-01T00:00:00Z");
	static final long SPAN_SECONDS = 48 * 3600;
	static final int JITTER_SECONDS = 120;
	static final double DUPLICATE_SHARE = 0.05;

	/** Writes {@code count} lines to {@code file}, replacing it; the same seed and count give the same bytes. */
	public static UsageEvents write(Path file, int count, long seed) throws IOException {
		SplittableRandom random = new SplittableRandom(seed);
		// Every distinct event is kept, compactly, so that a duplicate can repeat any of them exactly.
		int[] customer = new int[count];
		byte[] sku = new byte[count];
		byte[] quantity = new byte[count];
		long[] occurred = new long[count];
		int distinct = 0;
		long duplicates = 0;
		Map<Window, Long> expected = new HashMap<>();
		StringBuilder line = new StringBuilder(160);
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (int i = 0; i < count; i++) {
				int event;
				if (distinct > 0 && random.nextDouble() < DUPLICATE_SHARE) {
					event = random.nextInt(distinct);
					duplicates++;
				} else {
					event = distinct++;
					customer[event] = 1 + random.nextInt(CUSTOMERS);
					sku[event] = (byte) random.nextInt(SKUS.length);
					quantity[event] = (byte) (1 + random.nextInt(20));
					long second = SPAN_SECONDS * i / count + random.nextInt(-JITTER_SECONDS, JITTER_SECONDS + 1);
					occurred[event] = FIRST.getEpochSecond() + Math.clamp(second, 0, SPAN_SECONDS - 1);
					Instant hour = Instant.ofEpochSecond(occurred[event]).truncatedTo(ChronoUnit.HOURS);
					expected.merge(new Window(customerId(customer[event]), SKUS[sku[event]], hour), (long) quantity[event],
							Long::sum);
				}
				line.setLength(0);
				line.append("{\"eventId\":\"ev-");
				pad(line, event + 1, 6);
				line.append("\",\"customerId\":\"").append(customerId(customer[event]));
				line.append("\",\"sku\":\"").append(SKUS[sku[event]]);
				line.append("\",\"quantity\":").append(quantity[event]);
				line.append(",\"occurredAt\":\"").append(Instant.ofEpochSecond(occurred[event])).append("\"}\n");
				out.append(line);
			}
		}
		return new UsageEvents(count, duplicates, Map.copyOf(expected));
	}

	private static String customerId(int n) {
		return pad(new StringBuilder("cus_"), n, 4).toString();
	}

	private static StringBuilder pad(StringBuilder to, int n, int width) {
		String digits = Integer.toString(n);
		for (int i = digits.length(); i < width; i++) {
			to.append('0');
		}
		return to.append(digits);
	}
}
