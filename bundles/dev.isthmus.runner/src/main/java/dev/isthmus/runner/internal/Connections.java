package dev.isthmus.runner.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * Connections that outlive their database: one restarted (or a network that dropped) leaves a connection broken for
 * good, so the runner's long-lived connections (journal, table sinks, polled tables) are checked before each batch
 * and opened again when broken, and the runner carries on once the database is back.
 */
public final class Connections {

	/** How a connection is opened, settings included. */
	interface Opener {
		Connection open() throws SQLException;
	}

	/** The drivers users ask for most, by URL prefix: named in the message that says the runner lacks them. */
	private static final Map<String, String> DRIVERS = Map.of("jdbc:postgresql:", "PostgreSQL JDBC driver (org.postgresql:postgresql)",
			"jdbc:mysql:", "MySQL Connector/J (com.mysql:mysql-connector-j)", "jdbc:mariadb:",
			"MariaDB Connector/J (org.mariadb.jdbc:mariadb-java-client)", "jdbc:sqlserver:",
			"Microsoft JDBC Driver for SQL Server (com.microsoft.sqlserver:mssql-jdbc)", "jdbc:oracle:",
			"Oracle JDBC driver (com.oracle.database.jdbc:ojdbc11)", "jdbc:db2:", "IBM Db2 JDBC driver (com.ibm.db2:jcc)");

	/**
	 * A connection that could not be opened, with what to do said: its message names the database (credentials
	 * redacted) and is complete as it is.
	 */
	static final class Unusable extends SQLException {
		private static final long serialVersionUID = 1L;

		Unusable(String message, SQLException cause) {
			super(message, cause == null ? null : cause.getSQLState(), cause);
		}
	}

	/**
	 * How long the journal's database server may leave one request unanswered before the call fails, in milliseconds
	 * ({@code -Disthmus.networkTimeoutMillis}, read when a connection is opened). A server that is frozen (a host
	 * stopped, a network that drops packets) otherwise keeps a JDBC call waiting without limit, and the runner with it.
	 * H2 2.x's TCP client has no {@code Connection.setNetworkTimeout} (it is a no-op, and so is {@code abort}), but takes
	 * {@code NETWORK_TIMEOUT} in the URL and sets it as its socket's read timeout ({@code SessionRemote.initTransfer}).
	 * Only the journal's: its statements are the runner's own and short, while a data database's are the user's, and a
	 * query may rightly take minutes (a timeout here broke a 34-second query at every try, so nothing was delivered).
	 */
	static int networkTimeoutMillis() {
		return Integer.getInteger("isthmus.networkTimeoutMillis", 30_000);
	}

	/** The URL each data connection was opened with, for {@link DatabaseWatch#using}. */
	private static final Map<Connection, String> URLS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

	private Connections() {
	}

	/**
	 * The URL the runner connects to its journal with: an H2 server's URL gets {@link #networkTimeoutMillis} unless it
	 * sets its own. Embedded H2 and other drivers' URLs are left as they are. Never for data databases (see above).
	 */
	public static String withTimeout(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		if ((lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:")) && !lower.contains(";network_timeout=")) {
			return url + ";NETWORK_TIMEOUT=" + networkTimeoutMillis();
		}
		return url;
	}

	/** Whether {@code e} says the database went silent (see {@link #networkTimeoutMillis}), rather than refused. */
	static boolean noAnswer(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof java.net.SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether {@code e} is about reaching the database (broken or refused connection, no answer, a session the
	 * database closed) rather than about what was asked of it.
	 */
	static boolean unreachable(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof java.io.IOException) {
				return true;
			}
			if (t instanceof SQLException q) {
				String state = q.getSQLState() == null ? "" : q.getSQLState();
				// H2: 90067 connection broken, 90121 database closed (what its client says of a session that is gone).
				if (state.startsWith("08") || state.equals("90067") || state.equals("90121") || state.equals("90098")) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * What to say of a database that did not answer within its network timeout: most likely frozen, but a statement
	 * that is only slow fails the same way, so how to allow it longer is said too.
	 */
	static String silent(String what, String url) {
		java.util.regex.Matcher set = java.util.regex.Pattern.compile("(?i);NETWORK_TIMEOUT=(\\d+)").matcher(url);
		boolean own = set.find();
		long millis = own ? Long.parseLong(set.group(1)) : networkTimeoutMillis();
		return what + " at " + Environment.withoutCredentials(url) + " did not answer within " + Math.max(1, millis / 1000)
				+ " s (a frozen server, or a network that drops packets): check the database server and the network to it; "
				+ raise(own);
	}

	/** How to allow a database longer to answer: its URL's own NETWORK_TIMEOUT if it sets one, else the runner's. */
	static String raise(boolean ownTimeout) {
		return "if it is only slow, allow it longer with " + (ownTimeout ? "a larger ;NETWORK_TIMEOUT=<milliseconds> in its URL"
				: "JAVA_OPTS=-Disthmus.networkTimeoutMillis=<milliseconds> (now " + networkTimeoutMillis()
						+ "), or ;NETWORK_TIMEOUT=<milliseconds> in its URL");
	}

	/**
	 * Opens a connection to {@code url}, saying in words what to do when it cannot be: a URL no driver takes (the
	 * runner ships H2's only), a database that cannot be reached, credentials it refuses.
	 */
	static Connection open(String url) throws SQLException {
		String shown = Environment.withoutCredentials(url);
		try {
			DriverManager.getDriver(url);
		} catch (SQLException e) {
			String prefix = url.matches("(?i)jdbc:[a-z0-9]+:.*") ? url.substring(0, url.indexOf(':', 5) + 1).toLowerCase(Locale.ROOT) : null;
			String driver = prefix == null ? null : DRIVERS.get(prefix);
			throw new Unusable("no JDBC driver takes " + shown + ": the runner ships H2's driver only (URLs jdbc:h2:file:…, jdbc:h2:tcp://…,"
					+ " jdbc:h2:mem:…); " + (prefix == null ? "check the URL (or the variable it came from)"
							: "for " + prefix + "… put the jar of " + (driver == null ? "the database's JDBC driver" : "the " + driver)
									+ " into " + libraries() + " and start again"), e);
		}
		try {
			DatabaseWatch.using(url);
			// The URL as the user wrote it (their own NETWORK_TIMEOUT kept): their queries may rightly be long.
			Connection c = DriverManager.getConnection(url);
			URLS.put(c, url);
			return mysqlSession(c);
		} catch (SQLException e) {
			if (noAnswer(e)) {
				throw new Unusable(silent("the database", url), e);
			}
			String state = e.getSQLState() == null ? "" : e.getSQLState();
			if (url.matches("(?i)jdbc:postgresql://[^/?]*@.*")) {
				// The driver took "app:pw@host" for the host name and could not reach it (review 27).
				throw new Unusable("cannot reach the database at " + shown + " (" + e.getMessage() + "): PostgreSQL's driver takes no"
						+ " user:password@ before the host; write the URL as jdbc:postgresql://host:port/database?user=…&password=…", e);
			}
			if (state.equals("57P03")) {
				throw new Unusable("the database at " + shown + " is starting or shutting down (" + e.getMessage() + "): start it, or wait"
						+ " until it is up, and start again", e);
			}
			if (state.startsWith("08") || state.equals("90067")) {
				throw new Unusable("cannot reach the database at " + shown + " (" + e.getMessage() + "): start the database,"
						+ " or check the URL (or the variable it came from)", e);
			}
			if (state.startsWith("28")) {
				throw new Unusable("the database at " + shown + " refused the user or password (" + e.getMessage() + "): check the"
						+ " credentials in the URL (or the variable it came from)", e);
			}
			if (e.getErrorCode() == 90020) {
				throw e; // a file another process holds: its callers say so in their own words
			}
			if (e.getErrorCode() == 90040 && EmbeddedH2.file(url) != null) {
				return openAsUser(url, shown, e);
			}
			// A setting H2 does not know (";pwd=…"), a URL it cannot parse ("sa:pw@host"): said with the URL it was in.
			throw new Unusable("cannot open the database at " + shown + " (" + e.getMessage() + "): check the URL (or the variable it"
					+ " came from)", e);
		}
	}

	/**
	 * A MySQL or MariaDB connection set to read and write times in UTC and to keep a key of 0: a TIMESTAMP column holds an
	 * instant, which the server reads and shows in the session's time zone, so under a server zone of +05:00 the runner's
	 * UTC 10:00 landed as 05:00Z and a row's 10:00Z was read as 15:00Z; and an AUTO_INCREMENT key column given 0 took a
	 * new number instead, which an upsert by that key then inserted again (review 29). Other databases are left as they are.
	 */
	private static Connection mysqlSession(Connection c) throws SQLException {
		if (DatabaseKind.of(c) == DatabaseKind.MYSQL) {
			try (java.sql.Statement s = c.createStatement()) {
				s.execute("SET time_zone = '+00:00', sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO')");
			} catch (SQLException e) {
				c.close();
				throw e;
			}
		}
		return c;
	}

	/** MySQL's and MariaDB's {@code max_allowed_packet}; {@link Long#MAX_VALUE} for other databases. */
	static long largestStatement(Connection connection) throws SQLException {
		if (DatabaseKind.of(connection) != DatabaseKind.MYSQL) {
			return Long.MAX_VALUE;
		}
		try (var s = connection.createStatement(); java.sql.ResultSet r = s.executeQuery("SELECT @@max_allowed_packet")) {
			return r.next() ? r.getLong(1) : Long.MAX_VALUE;
		} finally {
			connection.commit();
		}
	}

	/**
	 * An embedded H2 file opened by a user who is not its admin, who may not set what {@link EmbeddedH2#durable} adds
	 * ("Admin rights are required for this operation", and the endpoint could not be used at all): opened without those
	 * settings, when the file already writes each commit at once ({@code WRITE_DELAY} 0, which it keeps once an admin
	 * set it); otherwise refused saying how to set it, as a killed runner would lose the commits it counted delivered.
	 */
	private static Connection openAsUser(String url, String shown, SQLException refused) throws SQLException {
		String asUser = url.replaceAll("(?i);\\s*(WRITE_DELAY|TRACE_LEVEL_FILE)\\s*=[^;]*", "");
		Connection c;
		try {
			c = DriverManager.getConnection(asUser);
		} catch (SQLException e) {
			throw new Unusable("cannot open the database at " + shown + " (" + refused.getMessage() + "): check the URL (or the variable it"
					+ " came from)", refused);
		}
		String delay;
		try (java.sql.Statement s = c.createStatement();
				java.sql.ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
			delay = r.next() ? r.getString(1) : null;
		} catch (SQLException e) {
			c.close();
			throw e;
		}
		if (!"0".equals(delay)) {
			c.close();
			throw new Unusable("the H2 file at " + shown + " keeps its last commits in memory for " + delay + " ms (WRITE_DELAY), which a"
					+ " killed runner would lose after counting them delivered, and its user is no admin of the file, who alone may set it:"
					+ " have its admin run SET WRITE_DELAY 0 once (the file keeps it), or connect as its admin", refused);
		}
		URLS.put(c, asUser);
		return c;
	}

	/**
	 * Where a driver's jar goes: the folder of the runner's own jar when it runs from the packaged command
	 * ({@code <isthmus home>/lib}, all of whose jars {@code bin/isthmus} puts on the class path).
	 */
	static String libraries() {
		try {
			Path jar = Path.of(Connections.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path folder = jar.getParent();
			if (jar.toString().endsWith(".jar") && folder != null && folder.getFileName().toString().equals("lib")) {
				return folder + "/ (the lib folder beside bin/isthmus, whose jars the command puts on its class path)";
			}
		} catch (RuntimeException | java.net.URISyntaxException e) {
			// no code source to tell: the general answer below
		}
		return "<isthmus home>/lib/ (the lib folder beside bin/isthmus, whose jars the command puts on its class path)";
	}

	/** {@code connection} while it works; otherwise it is closed and a new one opened. */
	static Connection working(Connection connection, Opener opener) throws SQLException {
		String url = URLS.get(connection);
		if (url != null) {
			DatabaseWatch.using(url);
		}
		// An embedded H2 database whose store closed after a failed write (a full disk) is still "valid" to JDBC.
		if (!connection.isClosed() && connection.isValid(5) && !JournalCompaction.closedUnder(connection)) {
			return connection;
		}
		try {
			connection.close();
		} catch (SQLException e) {
			// broken already
		}
		return opener.open();
	}
}
