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

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
		java.nio.charset.Charset charset = encodings.getOrDefault(endpoint, java.nio.charset.StandardCharsets.UTF_8);
		try (Connection c = journal.connect()) {
			// Checked whole before anything is journaled: a bad byte halfway down would otherwise leave half a feed.
			if (!BadBytes.whole(feed.file(), charset)) {
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
			// Each record with where it is, as a watched directory names it: an NDJSON record by its line in the file
			// (blank lines counted, so that 'dlq' sends a person to the right line), an array's element by its index.
			String at = "feed:" + feed.file();
			// as a file source's origins name an encoding that is not UTF-8 (see FileEncoding#origin), which 'dlq' reads
			String encoded = charset.equals(java.nio.charset.StandardCharsets.UTF_8) ? "" : " (" + charset.name() + ")";
			Journaling journaling = new Journaling(c, flows, endpoint);
			// Read as a stream, a record at a time: a feed of millions of records once needed three times its size in
			// memory (the text, its lines, their records), and a backfill larger than the heap ended the run.
			if (FileFormat.of(name, "").equals("ndjson")) {
				try (java.io.BufferedReader in = FileEncoding.text(feed.file(), charset)) {
					long n = 0;
					for (String line; (line = in.readLine()) != null;) {
						n++;
						if (!line.isBlank()) {
							journaling.add(line, at + ":" + n + encoded);
						}
					}
				}
			} else {
				json(feed.file(), charset, at, journaling);
			}
			journaling.flush();
			return journaling.records;
		} catch (IOException e) {
			throw new StartupException("--feed " + feed.file() + ": cannot read (" + e.getMessage() + ")");
		} catch (SQLException e) {
			throw new StartupException("--feed " + feed.file() + ": cannot journal (" + e.getMessage() + ")");
		}
	}

	/**
	 * A JSON feed: an array's elements each a record; anything else, a malformed document too, the file's text as one
	 * record, which the flow refuses saying why. The document is checked whole first (one pass of the parser, nothing
	 * kept), so that a malformed array journals nothing of itself.
	 */
	private void json(java.nio.file.Path file, java.nio.charset.Charset charset, String at, Journaling journaling) throws IOException, SQLException {
		if (isWellFormedArray(file, charset)) {
			try (java.io.BufferedReader in = FileEncoding.text(file, charset); JsonParser parser = JSON.createParser(in)) {
				parser.nextToken();
				int i = 0;
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					JsonNode element = JSON.readTree(parser);
					journaling.add(element.toString(), at + "#" + i++);
				}
			}
			return;
		}
		// Kept to what the journal holds and a count beyond: a huge malformed file is a dead letter, not a heap's worth.
		StringBuilder text = new StringBuilder();
		long length = 0;
		try (java.io.BufferedReader in = FileEncoding.text(file, charset)) {
			char[] buffer = new char[8192];
			for (int n; (n = in.read(buffer)) >= 0;) {
				if (text.length() <= Journal.MAX_TEXT) {
					text.append(buffer, 0, n);
				}
				length += n;
			}
		}
		journaling.add(text.toString(), length, at);
	}

	/** Whether the file is one JSON array and nothing after it, each object naming its fields once. */
	private static boolean isWellFormedArray(java.nio.file.Path file, java.nio.charset.Charset charset) throws IOException {
		try {
			return JsonDocument.check(FileEncoding.text(file, charset)).array();
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			return false;
		}
	}

	/**
	 * Journals a feed's records in transactions of many, not one each: a commit per record made a feed of 100,000
	 * records take minutes and write a chunk of the journal file per record. A run stopped in between has the records
	 * of the transactions committed; fed again, the flow's idempotency key skips those.
	 */
	private final class Journaling {
		private final Connection c;
		private final List<String> flows;
		private final String endpoint;
		private final List<Journal.Accepted> pending = new ArrayList<>();
		private long pendingChars;
		int records;

		Journaling(Connection c, List<String> flows, String endpoint) {
			this.c = c;
			this.flows = flows;
			this.endpoint = endpoint;
		}

		void add(String record, String origin) throws SQLException {
			add(record, record.length(), origin);
		}

		/** @param length the record's length, of which {@code record} may be the start only when it is too long */
		void add(String record, long length, String origin) throws SQLException {
			records++;
			if (length > Journal.MAX_TEXT) {
				// Too long for the inbox: a dead letter at once, as a file source's record would be (RecordDecisions.decide).
				deadLetterTooLong(c, flows, endpoint, origin, record, length);
				return;
			}
			pending.add(new Journal.Accepted(flows, endpoint, origin, record, clock.get()));
			pendingChars += length;
			if (pending.size() >= FEED_BATCH || pendingChars >= FEED_BATCH_CHARS) {
				flush();
			}
		}

		void flush() throws SQLException {
			if (!pending.isEmpty()) {
				journal.accept(c, pending);
				pending.clear();
				pendingChars = 0;
			}
		}
	}

	private void deadLetterTooLong(Connection c, List<String> flows, String endpoint, String origin, String record, long length)
			throws SQLException {
		String reason = Input.tooLong(length, origin);
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
