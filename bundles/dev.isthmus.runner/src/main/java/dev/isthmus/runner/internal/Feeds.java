package dev.isthmus.runner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * {@code --feed endpoint=file}: a file's JSON or NDJSON records journaled as if the endpoint had received them, for
 * every flow that reads it. A record too long for the journal is a dead letter at once, as a file source's would be.
 */
final class Feeds {

	/** Decimals exactly as they are written ({@code 10.00} stays {@code 10.00}), as every source reads them. */
	private static final ObjectMapper JSON = JsonText.INPUTS;

	/** Records a transaction of a feed journals at most, and their characters (see {@link #feed}). */
	static final int FEED_BATCH = 1_000;
	static final long FEED_BATCH_CHARS = 8_000_000;

	/**
	 * The records this feed dead-lettered itself, too long for the journal, by flow: the flows' workers never read them,
	 * so the runner counts them as received and dead-lettered, as a file source's too-long record is counted (see
	 * {@link RecordDecisions#decide}).
	 */
	private final Map<String, Long> deadLettered = new java.util.LinkedHashMap<>();

	private final Journal journal;
	private final JsonLog log;
	private final Supplier<Instant> clock;
	private final Map<String, List<String>> flowsByEndpoint;
	/** The directories of endpoints that read CSV files, which a feed refuses (its records are JSON). */
	private final Map<String, String> csvDirectories;
	/** File sources' encodings (UTF-8 where none is named, and for webhooks: JSON over HTTP is UTF-8). */
	private final Map<String, java.nio.charset.Charset> encodings;

	Feeds(Journal journal, JsonLog log, Supplier<Instant> clock, Map<String, List<String>> flowsByEndpoint, Map<String, String> csvDirectories,
			Map<String, java.nio.charset.Charset> encodings) {
		this.journal = journal;
		this.log = log;
		this.clock = clock;
		this.flowsByEndpoint = flowsByEndpoint;
		this.csvDirectories = csvDirectories;
		this.encodings = encodings;
	}

	/** Journals the fed file's records; returns how many. */
	public int feed(RunnerOptions.Feed feed) throws StartupException {
		String endpoint = feed.endpoint();
		if (!flowsByEndpoint.containsKey(endpoint)) {
			// A short name (Stripe.events) is enough when it names one endpoint.
			List<String> matches = flowsByEndpoint.keySet().stream().filter(e -> e.endsWith("." + feed.endpoint())).toList();
			if (matches.size() == 1) {
				endpoint = matches.get(0);
			}
		}
		List<String> flows = flowsByEndpoint.getOrDefault(endpoint, List.of());
		if (flows.isEmpty()) {
			throw new StartupException("--feed " + feed.endpoint() + ": no flow reads that endpoint; flows read " + flowsByEndpoint.keySet());
		}
		String name = feed.file().getFileName().toString();
		if (csvDirectories.containsKey(endpoint) || FileFormat.of(name, "").equals("csv")) {
			// A CSV row is typed by the record's shape where a file source reads it; the inbox holds JSON.
			throw new StartupException("--feed " + feed.file() + ": --feed takes JSON or NDJSON records, and "
					+ (csvDirectories.containsKey(endpoint) ? endpoint + " reads CSV files" : "this is a CSV file")
					+ (csvDirectories.containsKey(endpoint) ? "; copy the file into " + csvDirectories.get(endpoint) + " (under --root), which the run reads"
							: "; copy it into the directory of a file endpoint that reads CSV, or feed the records as JSON"));
		}
		try (Connection c = journal.connect()) {
			java.nio.charset.Charset charset = encodings.getOrDefault(endpoint, java.nio.charset.StandardCharsets.UTF_8);
			String text;
			try {
				text = Files.readString(feed.file(), charset);
			} catch (java.nio.charset.CharacterCodingException e) {
				throw new StartupException("--feed " + feed.file() + ": the file is not " + charset.name() + " text ("
						+ BadBytes.first(feed.file(), charset) + "), the encoding " + endpoint + " reads"
						+ "; save it as " + charset.name() + ", or feed a file in that encoding");
			}
			String wide = BadBytes.noZeroByte(feed.file(), charset);
			if (wide != null) {
				// A UTF-8 file read as UTF-16 decodes without an error, into text no one wrote (see BadBytes#noZeroByte).
				throw new StartupException("--feed " + feed.file() + ": the file is not " + charset.name() + " text (" + wide + "), the encoding "
						+ endpoint + " reads; save it as " + charset.name() + ", or feed a file in that encoding");
			}
			if (text.startsWith("\uFEFF")) {
				text = text.substring(1); // a byte order mark is no part of the first record
			}
			// Each record with where it is, as a watched directory names it: an NDJSON record by its line in the file
			// (blank lines counted, so that 'dlq' sends a person to the right line), an array's element by its index.
			String at = "feed:" + feed.file();
			// as a file source's origins name an encoding that is not UTF-8 (see FileEncoding#origin), which 'dlq' reads
			String encoded = charset.equals(java.nio.charset.StandardCharsets.UTF_8) ? "" : " (" + charset.name() + ")";
			List<String> records = new ArrayList<>();
			List<String> origins = new ArrayList<>();
			if (FileFormat.of(name, "").equals("ndjson")) {
				List<String> lines = text.lines().toList();
				for (int n = 0; n < lines.size(); n++) {
					if (!lines.get(n).isBlank()) {
						records.add(lines.get(n));
						origins.add(at + ":" + (n + 1) + encoded);
					}
				}
			} else {
				JsonNode document;
				try {
					document = JSON.readTree(text);
				} catch (IOException e) {
					document = null; // journaled as it is: the flow dead-letters it with the parse error
				}
				if (document != null && document.isArray()) {
					int i = 0;
					for (JsonNode element : document) {
						records.add(element.toString());
						origins.add(at + "#" + i++);
					}
				} else {
					records.add(text);
					origins.add(at);
				}
			}
			// In transactions of many records, not one each: a commit per record made a feed of 100,000 records take
			// minutes and write a chunk of the journal file per record. A run stopped in between has the records of the
			// transactions committed; fed again, the flow's idempotency key skips those.
			List<Journal.Accepted> pending = new ArrayList<>();
			long pendingChars = 0;
			for (int i = 0; i < records.size(); i++) {
				String record = records.get(i), origin = origins.get(i);
				if (record.length() > Journal.MAX_TEXT) {
					// Too long for the inbox: a dead letter at once, as a file source's record would be (RecordDecisions.decide).
					deadLetterTooLong(c, flows, endpoint, origin, record);
					continue;
				}
				pending.add(new Journal.Accepted(flows, endpoint, origin, record, clock.get()));
				pendingChars += record.length();
				if (pending.size() >= FEED_BATCH || pendingChars >= FEED_BATCH_CHARS) {
					journal.accept(c, pending);
					pending.clear();
					pendingChars = 0;
				}
			}
			if (!pending.isEmpty()) {
				journal.accept(c, pending);
			}
			return records.size();
		} catch (IOException e) {
			throw new StartupException("--feed " + feed.file() + ": cannot read (" + e.getMessage() + ")");
		} catch (SQLException e) {
			throw new StartupException("--feed " + feed.file() + ": cannot journal (" + e.getMessage() + ")");
		}
	}

	private void deadLetterTooLong(Connection c, List<String> flows, String endpoint, String origin, String record) throws SQLException {
		String reason = "the record has " + record.length() + " characters, more than the " + Journal.MAX_TEXT
				+ " the journal keeps; it was not processed, and is whole at " + origin;
		JournalWrites writes = new JournalWrites(journal.deadLetterCopies());
		for (String flow : flows) {
			String correlation = flow + "@" + origin;
			writes.dead(flow, "record", "read " + endpoint, reason, null, TextCuts.start(record, 10_000) + "…", endpoint, origin, null, null,
					correlation.length() > 500 ? TextCuts.start(correlation, 499) + "…" : correlation, null, clock.get());
			log.warn("record.dead-lettered", "flow", flow, "origin", origin, "reason", reason);
		}
		Journal.WRITES.lock();
		try {
			writes.flush(c);
			c.commit();
		} catch (SQLException e) {
			Journal.rollback(c);
			throw e;
		} finally {
			Journal.WRITES.unlock();
		}
		// Counted once committed, as a worker's counts follow its commits.
		for (String flow : flows) {
			deadLettered.merge(flow, 1L, Long::sum);
		}
	}

	/** The records this feed dead-lettered itself so far, by flow (see {@link #deadLettered}). */
	Map<String, Long> deadLettered() {
		return Map.copyOf(deadLettered);
	}
}
