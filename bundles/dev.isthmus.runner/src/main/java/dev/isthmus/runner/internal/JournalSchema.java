package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * The journal's tables and indexes (see {@link Journal}), created where missing when the journal opens, and the
 * columns of journals written by older runners converted to the types this one writes.
 */
final class JournalSchema {

	// Texts are VARCHAR(1000000), not CLOB: H2 keeps a CLOB out of line at many times the cost, and a record is
	// bounded anyway (a webhook body by --max-body, 1 MiB by default). The texts of a batch (keys, held records,
	// traces, packs) are UTF-8 in VARBINARY: H2 writes a character string out a character at a time, bytes at
	// once, and these rows are large and written on every batch (see Journal.putText). ISTHMUS_KEYS and
	// ISTHMUS_TRACE (a row per key, per trace) are what journals before batching wrote: still read, never written.
	private static final String[] SCHEMA = {
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_INBOX (ID BIGINT AUTO_INCREMENT PRIMARY KEY, FLOW VARCHAR(300) NOT NULL,
			 ENDPOINT VARCHAR(300) NOT NULL, ORIGIN VARCHAR(2000), RECEIVED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
			 PAYLOAD VARCHAR(1000000) NOT NULL, DONE BOOLEAN DEFAULT FALSE NOT NULL)""",
			"CREATE INDEX IF NOT EXISTS ISTHMUS_INBOX_TODO ON ISTHMUS_INBOX (FLOW, DONE, ID)",
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_OUTBOX (ID BIGINT AUTO_INCREMENT PRIMARY KEY, FLOW VARCHAR(300) NOT NULL,
			 ENDPOINT VARCHAR(300) NOT NULL, RECORD VARBINARY(4000000) NOT NULL, IDEMPOTENCY_KEY VARCHAR(200) NOT NULL,
			 CORRELATION VARCHAR(500), RETRY VARCHAR(500), STATE VARCHAR(16) NOT NULL, ATTEMPTS INT DEFAULT 0 NOT NULL,
			 NEXT_AT TIMESTAMP WITH TIME ZONE NOT NULL, BATCH BIGINT, HISTORY VARCHAR(1000000), CREATED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
			 PACKED INT)""",
			// PACKED: how many deliveries a row holds when it is a pack (see Pack); journals from before packs lack it.
			"ALTER TABLE ISTHMUS_OUTBOX ADD COLUMN IF NOT EXISTS PACKED INT",
			"CREATE INDEX IF NOT EXISTS ISTHMUS_OUTBOX_DUE ON ISTHMUS_OUTBOX (ENDPOINT, STATE, ID)",
			// FLOW_KEY: the flow's idempotency key of the record a delivery is of, given back when the delivery ends as
			// a dead letter (see ISTHMUS_KEYS_RELEASED); journals from before lack it.
			"ALTER TABLE ISTHMUS_OUTBOX ADD COLUMN IF NOT EXISTS FLOW_KEY VARCHAR(1000)",
			// ORDER_KEY: the flow's 'ordered by' value of the record, with the flow's name: a row waiting for its retry
			// holds back the later rows of its key (see EndpointOutbox); journals from before lack it.
			"ALTER TABLE ISTHMUS_OUTBOX ADD COLUMN IF NOT EXISTS ORDER_KEY VARCHAR(1000)",
			// Idempotency keys given back by dead-lettered deliveries, until the flow claims them again or the key rows
			// they were claimed in expire (EXPIRES_AT, set by the flow once it has given the key up in memory).
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_KEYS_RELEASED (ID BIGINT AUTO_INCREMENT PRIMARY KEY, FLOW VARCHAR(300) NOT NULL,
			 KEY_VALUE VARCHAR(1000) NOT NULL, RELEASED_AT TIMESTAMP WITH TIME ZONE NOT NULL, EXPIRES_AT TIMESTAMP WITH TIME ZONE)""",
			"CREATE INDEX IF NOT EXISTS ISTHMUS_KEYS_RELEASED_BY_FLOW ON ISTHMUS_KEYS_RELEASED (FLOW, ID)",
			// Keys given back that 'isthmus dlq replay' made the flow's again (the release row deleted): a row each, for a
			// runner running meanwhile to read (review 39: it held them again only at its next start).
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_KEYS_HELD (ID BIGINT AUTO_INCREMENT PRIMARY KEY, FLOW VARCHAR(300) NOT NULL,
			 KEY_VALUE VARCHAR(1000) NOT NULL, HELD_AT TIMESTAMP WITH TIME ZONE NOT NULL)""",
			"CREATE INDEX IF NOT EXISTS ISTHMUS_KEYS_HELD_BY_FLOW ON ISTHMUS_KEYS_HELD (FLOW, ID)",
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_KEYS (FLOW VARCHAR(300) NOT NULL, KEY_VALUE VARCHAR(1000) NOT NULL,
			 EXPIRES_AT TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (FLOW, KEY_VALUE))""",
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_KEY_BATCHES (FLOW VARCHAR(300) NOT NULL, SEQ BIGINT NOT NULL,
			 EXPIRES_AT TIMESTAMP WITH TIME ZONE NOT NULL, KEYS VARBINARY(4000000) NOT NULL, PRIMARY KEY (FLOW, SEQ))""",
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_DEAD (ID BIGINT AUTO_INCREMENT PRIMARY KEY, FLOW VARCHAR(300) NOT NULL,
			 KIND VARCHAR(16) NOT NULL, STEP VARCHAR(1000), REASON VARCHAR(4000) NOT NULL, DETAILS CLOB,
			 RECORD CLOB NOT NULL, SOURCE VARCHAR(300), ORIGIN VARCHAR(2000), ENDPOINT VARCHAR(300), OUTBOX_ID BIGINT,
			 CORRELATION VARCHAR(500), ATTEMPTS CLOB, CREATED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
			 STATE VARCHAR(16) NOT NULL)""",
			// SCRUBBED: a record letter whose record held a secret's value, kept as *** and so not to be replayed;
			// journals from before lack it.
			"ALTER TABLE ISTHMUS_DEAD ADD COLUMN IF NOT EXISTS SCRUBBED BOOLEAN",
			"CREATE TABLE IF NOT EXISTS ISTHMUS_CHECKPOINT (NAME VARCHAR(2000) PRIMARY KEY, VAL VARCHAR(2000) NOT NULL)",
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_HELD (FLOW VARCHAR(300) NOT NULL, SEQ BIGINT NOT NULL, RECORD VARBINARY(4000000) NOT NULL,
			 PRIMARY KEY (FLOW, SEQ))""",
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_TRACE (ID BIGINT AUTO_INCREMENT PRIMARY KEY, CORRELATION VARCHAR(500),
			 FLOW VARCHAR(300) NOT NULL, ORIGIN VARCHAR(2000), AT TIMESTAMP WITH TIME ZONE NOT NULL, TRACE VARCHAR(1000000) NOT NULL)""",
			"CREATE INDEX IF NOT EXISTS ISTHMUS_TRACE_BY_ID ON ISTHMUS_TRACE (CORRELATION)",
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_TRACES (ID BIGINT AUTO_INCREMENT PRIMARY KEY, FLOW VARCHAR(300) NOT NULL,
			 AT TIMESTAMP WITH TIME ZONE NOT NULL, CORRELATIONS VARCHAR(1000000) NOT NULL, TRACES VARBINARY(4000000) NOT NULL)""",
			// Expiry finds old rows by these, rather than reading every row, a batch's traces and keys included.
			"CREATE INDEX IF NOT EXISTS ISTHMUS_TRACES_AT ON ISTHMUS_TRACES (FLOW, AT)",
			"CREATE INDEX IF NOT EXISTS ISTHMUS_TRACE_AT ON ISTHMUS_TRACE (FLOW, AT)",
			// Deliveries made after failed attempts, with those attempts: a delivered row leaves the outbox, and this is
			// what 'isthmus trace' shows of them. Kept as long as traces (Journal.forget).
			"""
			CREATE TABLE IF NOT EXISTS ISTHMUS_RETRIED (ID BIGINT AUTO_INCREMENT PRIMARY KEY, FLOW VARCHAR(300) NOT NULL,
			 ENDPOINT VARCHAR(300) NOT NULL, CORRELATION VARCHAR(500) NOT NULL, IDEMPOTENCY_KEY VARCHAR(200),
			 ATTEMPTS INT NOT NULL, HISTORY VARCHAR(1000000) NOT NULL, AT TIMESTAMP WITH TIME ZONE NOT NULL)""",
			"CREATE INDEX IF NOT EXISTS ISTHMUS_RETRIED_BY_ID ON ISTHMUS_RETRIED (CORRELATION)",
			"CREATE INDEX IF NOT EXISTS ISTHMUS_RETRIED_AT ON ISTHMUS_RETRIED (FLOW, AT)",
			"CREATE INDEX IF NOT EXISTS ISTHMUS_KEY_BATCHES_EXPIRY ON ISTHMUS_KEY_BATCHES (FLOW, EXPIRES_AT)",
			// The row a runner locks for as long as it uses the journal (see Journal.lease); inserted, never updated, so that
			// opening the journal does not wait for a lock another runner holds.
			"CREATE TABLE IF NOT EXISTS ISTHMUS_LEASE (ID INT PRIMARY KEY)",
			"INSERT INTO ISTHMUS_LEASE (ID) SELECT 1 WHERE NOT EXISTS (SELECT * FROM ISTHMUS_LEASE)" };

	/**
	 * A dead letter's texts, as CLOB: a group's dead letter holds all of its records, which can be more than a
	 * character column takes, and a dead letter the journal cannot write would stop its flow. Dead letters are few,
	 * so CLOB's cost does not matter here. Journals from before are converted.
	 */
	private static final String[][] LONG_TEXTS = { { "ISTHMUS_DEAD", "RECORD" }, { "ISTHMUS_DEAD", "DETAILS" },
			{ "ISTHMUS_DEAD", "ATTEMPTS" } };

	/** The batch texts (see above), as table and column; journals written before they were bytes are converted. */
	private static final String[][] BYTE_TEXTS = { { "ISTHMUS_OUTBOX", "RECORD" }, { "ISTHMUS_KEY_BATCHES", "KEYS" },
			{ "ISTHMUS_HELD", "RECORD" }, { "ISTHMUS_TRACES", "TRACES" } };

	private JournalSchema() {
	}

	/** Creates what is missing of the tables and indexes; converts batch texts written before they were bytes. */
	static void create(Connection c, Statement s) throws SQLException {
		for (String ddl : SCHEMA) {
			s.execute(ddl);
		}
		for (String[] column : BYTE_TEXTS) {
			try (ResultSet r = c.getMetaData().getColumns(null, null, column[0], column[1])) {
				if (r.next() && r.getInt("DATA_TYPE") != Types.VARBINARY) {
					// H2 converts a character string to a binary one as UTF-8, which is what Journal.getText reads.
					s.execute("ALTER TABLE " + column[0] + " ALTER COLUMN " + column[1] + " SET DATA TYPE VARBINARY(4000000)");
				}
			}
		}
	}

	/** Converts a dead letter's texts written before they were CLOB (see {@link #LONG_TEXTS}). */
	static void convertDeadLetterTexts(Connection c, Statement s) throws SQLException {
		for (String[] column : LONG_TEXTS) {
			try (ResultSet r = c.getMetaData().getColumns(null, null, column[0], column[1])) {
				if (r.next() && r.getInt("DATA_TYPE") != Types.CLOB) {
					s.execute("ALTER TABLE " + column[0] + " ALTER COLUMN " + column[1] + " SET DATA TYPE CLOB");
				}
			}
		}
	}
}
