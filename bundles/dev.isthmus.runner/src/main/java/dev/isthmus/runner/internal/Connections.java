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
final class Connections {

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

	private Connections() {
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
			return DriverManager.getConnection(url);
		} catch (SQLException e) {
			String state = e.getSQLState() == null ? "" : e.getSQLState();
			if (state.startsWith("08") || state.equals("90067")) {
				throw new Unusable("cannot reach the database at " + shown + " (" + e.getMessage() + "): start the database,"
						+ " or check the URL (or the variable it came from)", e);
			}
			if (state.startsWith("28")) {
				throw new Unusable("the database at " + shown + " refused the user or password (" + e.getMessage() + "): check the"
						+ " credentials in the URL (or the variable it came from)", e);
			}
			throw e;
		}
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
		if (!connection.isClosed() && connection.isValid(5)) {
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
