package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.RefusedCredentials.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.runner.internal.PolledRows.Row;

/**
 * Polls a table or a query for rows past a stored checkpoint on an increasing column (the endpoint's first key
 * column); the first poll, before any checkpoint, reads every row with a value. The column's type says how its values
 * are kept and bound again ({@link PolledColumn}); one that cannot be polled by is refused at start. The checkpoint
 * moves in the journal transaction that records the rows' outcome, so each row is taken once even across crashes.
 * Rows become records as {@link PolledRows} says. A row arriving with the checkpoint's own value is read too, the rows
 * read at that value being remembered ({@link CheckpointTies}) by the columns that identify them ({@link RowIdentity}),
 * or else by all their values: then a row that changed there (or a column the query computes anew) cannot be told
 * from a new one, and is not read, the log saying so once. Rows whose polled column is NULL, and rows committed with a
 * lower value after a higher one was read, are never read: the log says so ({@link SkippedRows}); so are rows whose
 * DOUBLE or REAL column is NaN or an infinity, of which no checkpoint can be kept ({@link PolledColumn#finite}).
 */
final class JdbcSource implements Source {

	private final String flow;
	private final String endpoint;
	private final String url;
	private final String sameValue;
	/** Opened again when found broken (the database restarted). */
	private Connection connection;
	/**
	 * The value the last batch handed out reached; the journal's checkpoint once that batch has committed. Kept in
	 * memory so that the next batch can be read while this one commits.
	 */
	private String handedOut;
	/** The rows read at {@link #handedOut}, and the number of pages they took in the journal. */
	private CheckpointTies.Seen handedTies;
	private int tiePages;
	private final CheckpointTies ties;
	/** The poll that also reads rows at the checkpoint's value, for the ties arriving after it was read. */
	private final String selectTies;
	private final String select;
	/**
	 * The first poll, before any value was read: every row with a value. No value is below all of a column's (text
	 * has '', a decimal has values below any long, a DATE parses no sentinel): a bound "lowest" value skipped rows or
	 * failed.
	 */
	private final String selectFirst;
	private final String column;
	/** The polled column's kind, which says how its values are read, kept and bound again. */
	private final PolledColumn kind;
	private final PolledRows polledRows;
	private final JsonLog log;
	private final String table;
	private final SkippedRows skipped;
	/** Whether rows at one value are told apart by columns that identify them, not by all their values. */
	private final boolean identified;
	/** The value whose changed rows the log has told of, once; and the one whose ties it said were taken anew. */
	private String changedSaid;
	private String rebasedSaid;
	/** Whether the log said that the checkpoint is NaN or an infinity, kept by an earlier runner. */
	private boolean stuckSaid;

	JdbcSource(String flow, String endpoint, String url, String table, String query, String column, JsonNode shape, JsonLog log)
			throws SQLException {
		this(flow, endpoint, url, table, query, column == null ? List.of() : List.of(column), shape, log);
	}

	/**
	 * @param keys the endpoint's key columns: the first is polled; the others, or else a table's primary key, tell
	 *            apart the rows that share its value
	 */
	JdbcSource(String flow, String endpoint, String url, String table, String query, List<String> keys, JsonNode shape, JsonLog log)
			throws SQLException {
		String column = keys.isEmpty() ? null : keys.get(0);
		this.flow = flow;
		this.log = log;
		this.endpoint = endpoint;
		if (column == null) {
			throw new SQLException(endpoint + ": a polled table or query needs an increasing key column (key \"COL\")");
		}
		if (!SqlNames.PLAIN_COLUMN.matcher(column).matches()) {
			throw new SQLException(endpoint + ": key column \"" + column + "\" is not a plain SQL name (letters, digits and _,"
					+ " not starting with a digit); name the column so, or select it under such a name in a query (SELECT \"x\" AS X)");
		}
		this.column = column.toUpperCase(Locale.ROOT);
		boolean isQuery = query != null && !query.isBlank();
		if (!isQuery && SqlNames.tableProblem(table) != null) {
			throw new SQLException(endpoint + ": " + SqlNames.tableProblem(table));
		}
		if (isQuery && dev.isthmus.library.PolledQueries.endsWithSemicolon(query)) {
			throw new SQLException("the endpoint's query ends with ';', and the runner polls it as a subquery (SELECT * FROM (query) Q WHERE "
					+ this.column + " > ? ORDER BY " + this.column + "), where no ';' may stand; write it as one SELECT without the ';'");
		}
		this.table = isQuery ? "the endpoint's query" : "table " + table;
		this.url = url;
		this.connection = open();
		SqlNames names = new SqlNames(connection.getMetaData());
		// The ")" on a line of its own: a query ending in a "-- comment" would otherwise comment it out.
		String from = isQuery ? "(" + query + "\n) Q" : names.table(table);
		List<String> labels = new ArrayList<>();
		PolledColumn[] kind = new PolledColumn[1];
		String polled = names.quoted(polledColumn(from, isQuery, url, labels, kind));
		this.kind = kind[0];
		List<String> identity = RowIdentity.columns(connection.getMetaData(), names, isQuery ? null : table, keys, labels, this.table);
		this.identified = !identity.isEmpty();
		String finite = this.kind.finite(polled);
		this.select = "SELECT * FROM " + from + " WHERE " + polled + " > ?" + finite + " ORDER BY " + polled;
		this.selectTies = "SELECT * FROM " + from + " WHERE " + polled + " >= ?" + finite + " ORDER BY " + polled;
		this.selectFirst = "SELECT * FROM " + from + " WHERE " + polled + " IS NOT NULL" + finite + " ORDER BY " + polled;
		this.ties = new CheckpointTies(checkpointName(), identity);
		this.sameValue = "SELECT * FROM " + from + " WHERE " + polled + " = ?";
		this.skipped = new SkippedRows(flow, endpoint, this.table, this.column, checkpointName(), from, polled, this.kind, log,
				java.time.Duration.ofMinutes(10));
		this.polledRows = new PolledRows(this.column, this.kind, identity, shape);
		try (PreparedStatement probe = connection.prepareStatement(select)) {
			probe.setObject(1, null);
		}
		commitQuietly();
	}

	/**
	 * The polled column as the table or query names it, read from the rows' own columns: a query that does not run
	 * as a subquery, or rows without the key column, are refused here in words (the poll's statement, which wraps
	 * them, would only say that it failed), and so is a column of a type no checkpoint can be kept of. Its kind goes
	 * into {@code kind[0]}.
	 */
	private String polledColumn(String from, boolean isQuery, String url, List<String> labels, PolledColumn[] kind) throws SQLException {
		String typeName = null;
		try (java.sql.Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + from + " WHERE 1 = 0")) {
			ResultSetMetaData meta = r.getMetaData();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				labels.add(meta.getColumnLabel(i));
				if (typeName == null && meta.getColumnLabel(i).equalsIgnoreCase(column)) {
					typeName = meta.getColumnTypeName(i);
					kind[0] = PolledColumn.of(meta, i);
				}
			}
		} catch (SQLException e) {
			String shown = Environment.withoutCredentials(url);
			throw new SQLException(isQuery
					? "the endpoint's query does not run as a subquery in " + shown + " (" + e.getMessage() + "); the runner polls it as"
							+ " SELECT * FROM (query) Q WHERE " + column + " > ?, so write it as one SELECT that runs on its own, without a"
							+ " trailing ';', and that selects the key column " + column
					: RefusedCredentials.byDatabase(e)
							// the user's rights, not the table: "create it" sent a reviewer looking for a table that was there
							? table + " cannot be read in " + shown + " (" + e.getMessage() + "); grant " + user(connection) + " SELECT on " + table
							: table + " cannot be read in " + shown + " (" + e.getMessage() + "); create it, or point the endpoint at a table"
									+ " that is there",
					e.getSQLState(), e);
		}
		for (String label : labels) {
			if (label.equalsIgnoreCase(column)) {
				if (kind[0] == null) {
					throw new SQLException(PolledColumn.refusal(isQuery ? "the endpoint's query" : table, label, typeName));
				}
				return label;
			}
		}
		throw new SQLException(isQuery
				? "the endpoint's query selects no column " + column + " (it selects " + String.join(", ", labels) + "), and the runner polls"
						+ " it by that column, the endpoint's key (SELECT * FROM (query) Q WHERE " + column + " > ?); select " + column
						+ " in the query (SELECT " + column + ", … FROM …), or key the endpoint by an increasing column that it selects"
				: table + " has no column " + column + ", the endpoint's key, to be polled by (its columns: " + String.join(", ", labels)
						+ "); key the endpoint by an increasing column of the table");
	}

	private Connection open() throws SQLException {
		Connection c = Connections.open(url);
		c.setReadOnly(true);
		return c;
	}

	private String checkpointName() {
		return "jdbc:" + flow + ":" + endpoint;
	}

	@Override
	public Batch next(Connection journal, int max) throws Exception {
		// The database may have restarted: until it is back, the step fails and is tried again.
		connection = Connections.working(connection, this::open);
		String mark = handedOut;
		CheckpointTies.Seen seen = handedTies;
		if (mark == null) {
			mark = Journal.checkpoint(journal, checkpointName());
			seen = ties.load(journal, mark);
			changedSaid = seen.changedSaid() ? mark : changedSaid;
			skipped.load(journal, mark);
			sayStuck(mark);
			tiePages = CheckpointTies.MOST_PAGES; // as many as there may be, to remove those the next checkpoint does not need
			journal.commit();
		}
		// With the rows read at the checkpoint's value known, the poll takes that value again and leaves them out:
		// a row given it later (a tie) is read. They come first (ORDER BY), so the batch still gets up to max others.
		boolean withTies = mark != null && seen.tracked();
		int limit = max + (withTies ? seen.digests().size() : 0);
		List<Row> rows = new ArrayList<>();
		try (PreparedStatement q = connection.prepareStatement(mark == null ? selectFirst : withTies ? selectTies : select)) {
			q.setMaxRows(limit);
			if (mark != null) {
				q.setObject(1, kind.bind(mark));
			}
			kind.bindFinite(q, mark == null ? 1 : 2);
			polledRows.read(q, rows);
		}
		if (rows.size() == limit) {
			// A batch must not end between rows with the same value, which the next poll (greater values) would
			// skip: the last value's rows are read whole, by a query of their own.
			Row lastRow = rows.get(rows.size() - 1);
			rows.removeIf(row -> same(row.raw(), lastRow.raw()));
			try (PreparedStatement q = connection.prepareStatement(sameValue)) {
				q.setObject(1, lastRow.raw());
				polledRows.read(q, rows);
			}
		}
		if (!connection.getAutoCommit()) {
			connection.commit(); // a driver may refuse commit under auto-commit (PostgreSQL, MySQL)
		}
		skipped.look(connection, mark == null ? null : kind.bind(mark), mark);
		// Every row now at the last value read is among these (it was read whole): they are what the journal keeps.
		String reached = rows.isEmpty() ? mark : rows.get(rows.size() - 1).value();
		Object reachedRaw = rows.isEmpty() ? null : rows.get(rows.size() - 1).raw();
		List<String> atReached = rows.stream().filter(row -> same(row.raw(), reachedRaw)).map(Row::digest).toList();
		long belowReached = rows.stream().filter(row -> !same(row.raw(), reachedRaw)).count();
		boolean changedTies = false;
		boolean rebased = withTies && seen.rebased() != null;
		boolean sayChanged = false;
		if (withTies) {
			String checkpoint = mark;
			if (rebased) {
				// The rows at the checkpoint were remembered by other columns, or not at all: those there now are
				// taken as read (and written as its ties), so that none is read twice and a later tie is read.
				if (!mark.equals(rebasedSaid)) {
					RowIdentity.sayRebased(log, flow, endpoint, table, column, mark, seen.rebased(), ties.identity());
					rebasedSaid = mark;
				}
				seen = new CheckpointTies.Seen(rows.stream().filter(row -> isAt(row, kind, checkpoint)).map(Row::digest).toList(), true);
			}
			List<Row> atMark = rows.stream().filter(row -> isAt(row, kind, checkpoint)).toList();
			List<Row> unread = seen.unread(atMark, Row::digest);
			int gone = seen.gone(atMark.size(), unread.size());
			// Rows told apart by all their values: one that changed is gone and new at once. Read, it would be read
			// again at each change (a computed column, at every poll); a row is read once, so such rows are not read.
			boolean changed = !identified && gone > 0 && !unread.isEmpty();
			// Rows gone from the value (deleted, or changed): the journal remembers the rows there now, so that a later
			// tie is told from them. Changed rows are said and written once per value: a column computed anew at each
			// poll would otherwise write at each poll, and a run --once would not end.
			changedTies = gone > 0 && !(changed && mark.equals(changedSaid));
			if (changed) {
				if (!mark.equals(changedSaid)) {
					RowIdentity.sayChanged(log, flow, endpoint, table, column, mark, unread.size());
					sayChanged = true; // and the journal notes it, so that a later run does not say it again
				}
				unread = List.of();
				changedSaid = mark;
			}
			// by identity: two equal rows are two rows, and only as many as were read are left out
			java.util.Set<Row> readBefore = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
			readBefore.addAll(atMark);
			unread.forEach(readBefore::remove);
			rows.removeIf(readBefore::contains);
		}
		if (rows.isEmpty() && !changedTies && !rebased && !skipped.unstored()) {
			if (withTies && mark.equals(reached)) {
				handedTies = new CheckpointTies.Seen(atReached, atReached.size() <= CheckpointTies.MOST);
			}
			return Batch.EMPTY;
		}
		List<Input> inputs = new ArrayList<>();
		List<String> lateTies = new ArrayList<>(withTies ? seen.digests() : List.of());
		int tied = 0;
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			tied = i > 0 && same(row.raw(), rows.get(i - 1).raw()) ? tied + 1 : 0;
			// Rows with the same value are told apart, so that each has its own correlation and delivery key. A tie
			// read in a later poll goes by its digest (and how many equal rows came before it): the number it would
			// have is an earlier row's.
			String suffix = tied > 0 ? "#" + (tied + 1) : "";
			if (withTies && isAt(row, kind, mark)) {
				String digest = row.digest();
				long before = lateTies.stream().filter(digest::equals).count();
				lateTies.add(digest);
				suffix = "#" + digest + (before > 0 ? "." + (before + 1) : "");
			}
			String origin = "jdbc:" + endpoint + ":" + column + "=" + row.value() + suffix;
			inputs.add(Input.parsed(row.record().toString(), row.record(), origin, endpoint));
		}
		if (atReached.size() > CheckpointTies.MOST) {
			log.warn("table.ties-not-kept", "flow", flow, "endpoint", endpoint, "source", table, "column", column, "rows", atReached.size(),
					"reason", atReached.size() + " rows have " + column + " = " + reached + ", more than the " + CheckpointTies.MOST
							+ " the runner remembers at one value: a row committed later with that same value will not be read; poll by a"
							+ " column whose values few rows share (a sequence, or a timestamp with fractions of a second)");
		}
		if (reached != null && !reached.equals(mark)) {
			// the rows below the value reached are those below the last one and those read in between
			skipped.moved(mark == null, belowReached, withTies);
		}
		// Polled above the checkpoint only (ties not kept at it), the rows at it are not known: what was kept stays.
		boolean tiesKnown = withTies || !reached.equals(mark);
		handedOut = reached;
		handedTies = tiesKnown ? new CheckpointTies.Seen(atReached, atReached.size() <= CheckpointTies.MOST) : seen;
		int before = tiePages;
		tiePages = tiesKnown ? CheckpointTies.pages(atReached.size()) : before;
		Step countBelow = skipped.store(reached);
		boolean said = sayChanged;
		String checkpoint = mark;
		// A batch without records only writes what the journal remembers (rows changed or deleted at the checkpoint,
		// the count below it); it comes once, so a run --once still ends.
		return new Batch(inputs, tx -> {
			Journal.checkpoint(tx, checkpointName(), reached);
			if (tiesKnown) {
				ties.store(tx, reached, atReached, before);
			}
			if (said) {
				ties.changedSaid(tx, checkpoint);
			}
			countBelow.run(tx);
		}, () -> {
		});
	}

	/**
	 * A runner before this one kept a DOUBLE's NaN or infinity as the checkpoint when a row had it: no row is above
	 * it, and the table is read no more. Which rows were read after the last number is not known, so the runner does
	 * not choose where to go on: it says so, once a run, and how to set the checkpoint.
	 */
	private void sayStuck(String mark) {
		if (mark == null || stuckSaid || !(kind.bind(mark) instanceof Number n) || Double.isFinite(n.doubleValue())
				|| n.doubleValue() == Double.NEGATIVE_INFINITY) {
			return;
		}
		stuckSaid = true;
		log.error("table.checkpoint-not-a-number", "flow", flow, "endpoint", endpoint, "source", table, "column", column, "value", mark,
				"reason", "the checkpoint of " + table + " is " + column + " = " + mark + ", kept by an earlier runner when it read a row"
						+ " with that value: no row is above it, and " + table + " is read no further (rows whose " + column + " is NaN or an"
						+ " infinity are now left out, never kept as the checkpoint). Stop the runner and set the checkpoint to the last"
						+ " number read, in the journal: UPDATE ISTHMUS_CHECKPOINT SET VAL = '<number>' WHERE NAME = '" + checkpointName()
						+ "'; the rows above that number are then read, again where they were read before");
	}

	private void commitQuietly() {
		try {
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		} catch (SQLException e) {
			// the poll that follows finds the connection broken
		}
	}

	@Override
	public boolean readsAhead() {
		return true;
	}

	@Override
	public void rollback() {
		handedOut = null;
	}

	/**
	 * Whether two values of the polled column are equal as SQL compares them: a decimal column may hold 1.0 and 1.00
	 * (PostgreSQL's NUMERIC), which are one value to {@code =} and two texts. Rows the same-value query reads must be
	 * the ones taken out of the batch for it, or they would be handed out twice.
	 */
	static boolean same(Object a, Object b) {
		if (a instanceof java.time.OffsetDateTime x && b instanceof java.time.OffsetDateTime y) {
			return x.isEqual(y); // one instant, whatever offset the driver gave it
		}
		if (a instanceof java.time.OffsetTime x && b instanceof java.time.OffsetTime y) {
			return x.isEqual(y);
		}
		if (a instanceof Number x && b instanceof Number y) {
			try {
				return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
			} catch (NumberFormatException e) {
				// NaN or an infinity: no decimal, and only equal to itself
			}
		}
		return java.util.Objects.equals(a, b);
	}

	/** Whether a row has the checkpoint's value (as SQL compares, see {@link #same}). */
	private static boolean isAt(Row row, PolledColumn kind, String mark) {
		return row.value().equals(mark) || same(row.raw(), kind.bind(mark));
	}

	@Override
	public void close() {
		try {
			connection.close();
		} catch (SQLException e) {
			// read-only
		}
	}
}
