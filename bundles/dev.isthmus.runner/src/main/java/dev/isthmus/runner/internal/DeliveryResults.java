package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.isthmus.runner.DeadLetters;

/**
 * What a sink answered for a batch of one endpoint's outbox rows, recorded in the journal: a delivered row goes; a
 * failed one is tried again at a time the retry policy chooses ({@link Retries}), or becomes a dead letter with its
 * attempt history once retries are spent or the target refuses it for good, and gives its idempotency key back; a
 * pack with a refused record is split into a row per delivery. Counts what its {@link Deliverer} reports.
 */
final class DeliveryResults {

	private final String endpoint;
	private final Journal journal;
	private final Supplier<Instant> clock;
	private final Metrics metrics;
	private final JsonLog log;
	private final Environment environment;
	private long delivered;
	private long deadLettered;
	private long retried;
	/**
	 * Whether the target's last failure (a delivery that delivered nothing) was a refusal of the runner's credentials:
	 * the log says so once when the target turns so, not at every record (each is a dead letter of its own).
	 */
	private boolean credentialsRefused;
	/** Which failures of the target were said in the log, and when to say them again (see {@link #record}). */
	private final TargetFailureLines failureLines = new TargetFailureLines();

	DeliveryResults(String endpoint, Journal journal, Supplier<Instant> clock, Metrics metrics, JsonLog log, Environment environment) {
		this.endpoint = endpoint;
		this.journal = journal;
		this.clock = clock;
		this.metrics = metrics;
		this.log = log;
		this.environment = environment;
	}

	long delivered() {
		return delivered;
	}

	long deadLettered() {
		return deadLettered;
	}

	long retried() {
		return retried;
	}

	/**
	 * Records in the journal, in one transaction on {@code connection}, what the sink answered for each row: rows and
	 * results in the same order. Returns the ids of the rows split off refused packs, to be delivered before any
	 * other (see {@link EndpointOutbox#splitInto}), and of the rows that wait for another attempt.
	 */
	Recorded record(Connection connection, List<Sink.Pending> rows, List<Sink.Result> results) throws SQLException {
		Journal.WRITES.lock();
		try {
			Instant now = clock.get();
			// A delivered row goes at once: its record is in the target, and its trace tells what went where. (Marking
			// it instead made H2 write the whole row, a pack's thousand records, out again.) A split pack goes too:
			// its rows carry its records on.
			try (PreparedStatement gone = connection.prepareStatement("DELETE FROM ISTHMUS_OUTBOX WHERE ID = ?");
					PreparedStatement again = connection.prepareStatement(
							"UPDATE ISTHMUS_OUTBOX SET ATTEMPTS = ?, NEXT_AT = ?, HISTORY = ? WHERE ID = ?");
					PreparedStatement dead = connection.prepareStatement(
							"UPDATE ISTHMUS_OUTBOX SET STATE = 'DEAD', ATTEMPTS = ?, HISTORY = ? WHERE ID = ?")) {
				JournalWrites writes = new JournalWrites(journal.deadLetterCopies());
				String labels = Metrics.labels("endpoint", endpoint);
				int d = 0, r = 0, x = 0;
				boolean released = false;
				// Why the target, not a record, failed in this batch: anything worth another attempt (a target that
				// cannot be reached, a table gone, a 5xx), whether retried or given up, and the runner's credentials
				// refused (an HTTP 401: every record would be). Any other refusal is the record's own.
				String targetFailure = null;
				String deniedFor = null;
				List<Long> splitOff = new ArrayList<>();
				java.util.Map<Long, Instant> waiting = new java.util.HashMap<>();
				java.util.Map<String, Long> deliveredByFlow = new java.util.HashMap<>();
				long nanos = System.nanoTime();
				for (int i = 0; i < rows.size(); i++) {
					Sink.Pending row = rows.get(i);
					Sink.Result result = results.get(i);
					if (result.detail() != null) {
						// what a sink says goes to dead letters, traces and the log: no secret in it, whichever sink said it
						result = new Sink.Result(result.kind(), environment.redact(result.detail()), result.retryAfter());
					}
					int attempts = row.attempts() + 1;
					if (result.kind() == Sink.Kind.OK) {
						gone.setLong(1, row.id());
						gone.addBatch();
						d += row.count();
						deliveredByFlow.merge(row.flow(), (long) row.count(), Long::sum);
						double latency = Duration.between(row.createdAt(), now).toNanos() / 1e9;
						for (int n = 0; n < row.count(); n++) {
							metrics.observe("isthmus_delivery_latency_seconds", labels, latency);
						}
						if (row.history() != null || DeadLetters.copyOf(row.idempotencyKey()) != null) {
							// (A dead letter's copy is kept even at its first attempt: its delivery is in no trace's steps.)
							// Its failed attempts (a split row's are its pack's) would leave with the row: trace shows them.
							for (Pack.Entry entry : row.packed() ? Pack.entries(row.record())
									: List.of(new Pack.Entry(row.idempotencyKey(), row.correlation(), null, null))) {
								if (entry.correlation() != null) {
									writes.retried(row.flow(), endpoint, entry.correlation(), entry.key(), attempts, row.history() == null ? "[]" : row.history(), now);
								}
							}
						}
						continue;
					}
					String history = Retries.history(row.history(), attempts, now, result.detail());
					List<Pack.Entry> entries = row.packed() ? Pack.entries(row.record())
							: List.of(new Pack.Entry(row.idempotencyKey(), row.correlation(), row.record(), null));
					if (row.packed() && result.kind() == Sink.Kind.PERMANENT) {
						// Some record of the pack is refused: each goes on alone, so the target takes the others and
						// the refused one becomes a dead letter of its own (and counts as failed then, the others not).
						// Each keeps the pack's earlier attempts, not this one: its error is another record's.
						metrics.count("isthmus_delivery_failures_total", Metrics.labels("flow", row.flow(), "endpoint", endpoint), 1);
						gone.setLong(1, row.id());
						gone.addBatch();
						splitOff.addAll(split(connection, row, entries, row.history(), now, false));
						log.warn("delivery.split", "flow", row.flow(), "endpoint", endpoint, "records", row.count(), "reason", result.detail());
						continue;
					}
					if (result.kind() == Sink.Kind.RETRY) {
						targetFailure = result.detail();
					} else if (result.kind() == Sink.Kind.DENIED) {
						targetFailure = deniedFor = result.detail();
					}
					String failedLabels = Metrics.labels("flow", row.flow(), "endpoint", endpoint);
					metrics.count("isthmus_delivery_failures_total", failedLabels, 1);
					if (attempts == 1) {
						// a record counts as failed once, at its first failed attempt; its retries are counted apart
						metrics.count("isthmus_records_failed_total", failedLabels, row.count());
					}
					Duration wait = result.kind() == Sink.Kind.RETRY ? Retries.backoff(row.retry(), attempts, result.retryAfter()) : null;
					if (wait != null) {
						again.setInt(1, attempts);
						again.setTimestamp(2, Journal.at(now.plus(wait)));
						again.setString(3, history);
						again.setLong(4, row.id());
						again.addBatch();
						waiting.put(row.id(), now.plus(wait));
						r += row.count();
						// A target that is down fails every record alike, at every attempt, in batch after batch: a line
						// each buried the one that said what to do. The first is said, then one at growing intervals.
						long unsaid = failureLines.sayNow("delivery.retrying", result.kind(), result.detail(), row.count(), nanos);
						if (unsaid >= 0) {
							log.warn("delivery.retrying", "flow", row.flow(), "endpoint", endpoint, "correlation", row.correlation(),
									"records", row.count(), "attempt", attempts, "nextInMillis", wait.toMillis(), "reason", result.detail(),
									"retriedUnsaid", unsaid, "message", unsaidSince(unsaid, "retried") + ", until " + endpoint + " delivers again");
						}
						continue;
					}
					String reason = result.kind() == Sink.Kind.GONE ? "not delivered: " + result.detail()
							: result.kind() != Sink.Kind.RETRY ? "refused: " + result.detail()
							: "gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + ": " + result.detail();
					if (row.packed()) {
						gone.setLong(1, row.id());
						gone.addBatch();
					} else {
						dead.setInt(1, attempts);
						dead.setString(2, history);
						dead.setLong(3, row.id());
						dead.addBatch();
					}
					List<Long> ids = row.packed() ? split(connection, row, entries, history, now, true) : List.of(row.id());
					for (int e = 0; e < ids.size(); e++) {
						Pack.Entry entry = entries.get(e);
						// The record as shown, scrubbed as its trace is (review 25): a replay sends the outbox row's.
						// A dead letter's copy that fails is a letter of its own kind, which is not copied again (see DeadLetterCopies).
						Long copyOf = row.packed() ? null : DeadLetters.copyOf(row.idempotencyKey());
						String kind = copyOf != null ? "copy" : "delivery";
						// Said first: the target's own advice may speak of the flow's mapping, which a copy never went through.
						String said = copyOf == null || result.kind() != Sink.Kind.PERMANENT ? reason : "the copy of dead letter " + copyOf
								+ " that flow " + row.flow() + " sends into " + endpoint + " was " + reason + " — its values are the letter's, made by no"
								+ " mapping: make the target take them, or leave the field out of the endpoint's record, then replay the copy";
						writes.dead(row.flow(), kind, "deliver -> " + endpoint, said, result.detail(), environment.redact(entry.record()), null,
								origin(row.flow(), entry.correlation()), endpoint,
								ids.get(e), entry.correlation(), history, now);
						// The record's idempotency key is given back, so that the record sent again (corrected) is taken.
						String flowKey = row.packed() ? entry.flowKey() : flowKey(connection, row.id());
						if (flowKey != null) {
							writes.release(row.flow(), flowKey, now);
							released = true;
						}
						x++;
						metrics.count("isthmus_records_dead_lettered_total", Metrics.labels("flow", row.flow(), "endpoint", endpoint), 1);
						if (result.kind() == Sink.Kind.PERMANENT) {
							// refused for its own data: each such line is about another record
							log.error("delivery.dead-lettered", "flow", row.flow(), "endpoint", endpoint, "correlation", entry.correlation(),
									"reason", reason);
							continue;
						}
						// The target's failure (retries spent on it, or its credentials refused) is every record's alike.
						long unsaid = failureLines.sayNow("delivery.dead-lettered", result.kind(), result.detail(), 1, nanos);
						if (unsaid >= 0) {
							log.error("delivery.dead-lettered", "flow", row.flow(), "endpoint", endpoint, "correlation", entry.correlation(),
									"reason", reason, "deadLetteredUnsaid", unsaid, "message", unsaidSince(unsaid, "dead-lettered")
											+ (result.kind() == Sink.Kind.GONE ? "" : ", until " + endpoint + " delivers again")
											+ "; isthmus dlq list shows the dead letters");
						}
					}
				}
				if (d > 0 && targetFailure == null && failureLines.failing()) {
					sayResumed(failureLines.recovered());
				}
				gone.executeBatch();
				again.executeBatch();
				dead.executeBatch();
				writes.flush(connection);
				connection.commit();
				if (released) {
					journal.keysReleased.incrementAndGet();
				}
				delivered += d;
				retried += r;
				deadLettered += x;
				deliveredByFlow.forEach((flow, n) -> metrics.count("isthmus_records_out_total",
						Metrics.labels("flow", flow, "endpoint", endpoint), n));
				metrics.count("isthmus_retries_total", labels, r);
				saySoIfCredentialsRefused(d, targetFailure, deniedFor);
				return new Recorded(splitOff, waiting, d, targetFailure);
			} catch (java.io.IOException e) {
				throw new SQLException("an outbox pack of " + endpoint + " is not JSON: " + e.getMessage(), e);
			}
		} finally {
			Journal.WRITES.unlock();
		}
	}

	/**
	 * What a line about the target's failure says of the records it leaves unsaid: that they are counted (the first
	 * line), or how many there were since the last line.
	 */
	private static String unsaidSince(long unsaid, String done) {
		// Retries are counted by attempt, dead letters by record: 10 records retried three times were "29 more records
		// retried" (review 35).
		String more = done.equals("retried") ? unsaid + " more retries (attempts)" : unsaid + " more records " + done;
		return (unsaid == 0 ? "the next records " + done + " for the same reason are counted, not each logged"
				: "and " + more + " for the same reason since the last line")
				+ "; said again at growing intervals (up to every five minutes)";
	}

	/**
	 * The runner stops while the target is failing: what was counted since the last lines about it is said, or it would
	 * be lost with the runner (a target down for the last minutes of a run said only its first failures).
	 */
	void sayUnsaidAtStop() {
		java.util.Map<String, Long> unsaid = failureLines.recovered();
		long retriedUnsaid = unsaid.getOrDefault("delivery.retrying", 0L);
		long deadUnsaid = unsaid.getOrDefault("delivery.dead-lettered", 0L);
		if (retriedUnsaid + deadUnsaid > 0) {
			log.warn("delivery.unsaid", "endpoint", endpoint, "retriedUnsaid", retriedUnsaid, "deadLetteredUnsaid", deadUnsaid, "message",
					"the runner stops while " + endpoint + " fails; since the last lines about its failure " + retriedUnsaid
							+ " more retries (attempts) were made and " + deadUnsaid + " more records dead-lettered for the same reasons; isthmus dlq list"
							+ " shows the dead letters, and the records waiting for a retry are tried again at the next start");
		}
	}

	/**
	 * The target delivered again after a failure was said ({@code delivery.retrying} says "until … delivers again"):
	 * said, with the records failing since the last lines about it, counted, so that the lines and counts add up to
	 * what failed. It was said only when something had gone unsaid, so an alert raised by a single failure's line
	 * never saw its end (review 39).
	 */
	private void sayResumed(java.util.Map<String, Long> unsaid) {
		long retriedUnsaid = unsaid.getOrDefault("delivery.retrying", 0L);
		long deadUnsaid = unsaid.getOrDefault("delivery.dead-lettered", 0L);
		log.info("delivery.resumed", "endpoint", endpoint, "retriedUnsaid", retriedUnsaid, "deadLetteredUnsaid", deadUnsaid, "message",
				endpoint + " delivers again" + (retriedUnsaid + deadUnsaid == 0 ? "" : "; since the last lines about its failure " + retriedUnsaid
						+ " more retries (attempts) were made and " + deadUnsaid + " more records dead-lettered for the same reasons; isthmus dlq"
						+ " list shows the dead letters"));
	}

	/**
	 * Says in the log, once, that the target turned failing because it refuses the runner's credentials: its records'
	 * dead letters each say "refused", which reads as the records' fault, and /health alone named the target.
	 */
	private void saySoIfCredentialsRefused(long delivered, String targetFailure, String deniedFor) {
		if (delivered > 0) {
			credentialsRefused = false;
		} else if (targetFailure != null) {
			if (deniedFor != null && !credentialsRefused) {
				log.error("delivery.failed", "endpoint", endpoint, "reason", deniedFor, "message", "every record sent to " + endpoint
						+ " is refused, each a dead letter, until the runner's credentials are put right; /health names it as failing");
			}
			credentialsRefused = deniedFor != null;
		}
	}

	/**
	 * What {@link #record} did that the endpoint's outbox keeps to: rows split off packs, and rows set to wait, with
	 * their next attempt; and what its health takes from it: how many records were delivered, and why the target
	 * failed, or {@code null}.
	 */
	record Recorded(List<Long> splitOff, java.util.Map<Long, Instant> waiting, long delivered, String targetFailure) {
	}

	/**
	 * Replaces a pack by an outbox row per delivery, in the caller's transaction: pending ones to be delivered one by
	 * one, or dead ones. Returns the new rows' ids in the pack's order. The new rows are the outbox's newest, but
	 * hold the pack's records, older than rows written after it: a pending one carries the pack's id as BATCH, so
	 * that the deliverer sends them first (see {@link EndpointOutbox}), after a crash too.
	 */
	private List<Long> split(Connection connection, Sink.Pending pack, List<Pack.Entry> entries, String history, Instant now, boolean dead)
			throws SQLException {
		List<Long> ids = new ArrayList<>();
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ISTHMUS_OUTBOX (FLOW, ENDPOINT, RECORD, IDEMPOTENCY_KEY,"
				+ " CORRELATION, RETRY, STATE, ATTEMPTS, NEXT_AT, HISTORY, CREATED_AT, FLOW_KEY, BATCH) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				java.sql.Statement.RETURN_GENERATED_KEYS)) {
			for (Pack.Entry entry : entries) {
				insert.setString(1, pack.flow());
				insert.setString(2, endpoint);
				Journal.putText(insert, 3, entry.record());
				insert.setString(4, entry.key());
				insert.setString(5, entry.correlation());
				insert.setString(6, pack.retry());
				insert.setString(7, dead ? "DEAD" : "PENDING");
				// A record split off for being refused starts its own count of attempts.
				insert.setInt(8, dead ? pack.attempts() + 1 : 0);
				insert.setTimestamp(9, Journal.at(now));
				insert.setString(10, history);
				insert.setTimestamp(11, Journal.at(pack.createdAt()));
				insert.setString(12, entry.flowKey());
				if (dead) {
					insert.setNull(13, java.sql.Types.BIGINT);
				} else {
					insert.setLong(13, pack.id());
				}
				insert.executeUpdate();
				try (ResultSet keys = insert.getGeneratedKeys()) {
					keys.next();
					ids.add(keys.getLong(1));
				}
			}
		}
		return ids;
	}

	/** The flow's idempotency key of an outbox row's record, or {@code null} (read when the row becomes a dead letter). */
	private static String flowKey(Connection connection, long outboxId) throws SQLException {
		try (PreparedStatement q = connection.prepareStatement("SELECT FLOW_KEY FROM ISTHMUS_OUTBOX WHERE ID = ?")) {
			q.setLong(1, outboxId);
			try (ResultSet r = q.executeQuery()) {
				return r.next() ? r.getString(1) : null;
			}
		}
	}

	/**
	 * Where a delivery's record came from, as its flow's own correlation id says ({@code flow@origin}); {@code null}
	 * when the flow correlates by a field of its own, since the outbox keeps no other trace of it.
	 */
	static String origin(String flow, String correlation) {
		return correlation != null && correlation.startsWith(flow + "@") ? correlation.substring(flow.length() + 1) : null;
	}
}
