package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of a test's own, on loopback: Debian's binaries (package {@code postgresql}), a cluster made
 * with {@code initdb} in a temporary directory and started with {@code pg_ctl} on a free port; its superuser
 * {@code isthmus} logs in without a password (trust, loopback only), and it does not fsync (the tests kill runners,
 * never the server). Run as root (CI's machines), the server runs as the {@code postgres} user: PostgreSQL refuses
 * to run as root. Where the binaries are not installed the tests using it are skipped, saying so, unless the
 * environment sets {@code ISTHMUS_REQUIRE_POSTGRESQL} (as {@code .ci/run} does), where they fail.
 */
final class PostgresqlServer implements AutoCloseable {

	private final Path bin;
	private final Path dir;
	private final int port;
	private final boolean asPostgres;

	private PostgresqlServer(Path bin, Path dir, int port, boolean asPostgres) {
		this.bin = bin;
		this.dir = dir;
		this.port = port;
		this.asPostgres = asPostgres;
	}

	/** A new cluster, started; skips (or fails, see above) the test where PostgreSQL is not installed. */
	static PostgresqlServer start() throws Exception {
		Path bin = binaries();
		if (bin == null) {
			String why = "PostgreSQL's server is not installed here (Debian: apt-get install postgresql; .ci/run installs it)";
			if (System.getenv("ISTHMUS_REQUIRE_POSTGRESQL") != null) {
				fail(why + ", and ISTHMUS_REQUIRE_POSTGRESQL is set");
			}
			Assumptions.abort(why);
		}
		boolean asPostgres = "root".equals(System.getProperty("user.name"));
		Path dir = Files.createTempDirectory("isthmus-postgresql-");
		if (asPostgres) {
			run(false, dir, "chown", "postgres:postgres", dir.toString());
		}
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		PostgresqlServer server = new PostgresqlServer(bin, dir, port, asPostgres);
		run(asPostgres, dir, bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "isthmus", "--auth=trust",
				"--no-locale", "-E", "UTF8");
		run(asPostgres, dir, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60", "-l",
				dir.resolve("server.log").toString(), "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
		return server;
	}

	/** The newest PostgreSQL's binaries under Debian's /usr/lib/postgresql/<version>/bin, or null. */
	private static Path binaries() throws IOException {
		Path versions = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(versions)) {
			return null;
		}
		try (Stream<Path> each = Files.list(versions)) {
			return each.filter(v -> v.getFileName().toString().matches("\\d+") && Files.isExecutable(v.resolve("bin/initdb")))
					.max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString()))).map(v -> v.resolve("bin")).orElse(null);
		}
	}

	private static void run(boolean asPostgres, Path dir, String... command) throws Exception {
		List<String> line = new ArrayList<>();
		if (asPostgres) {
			line.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		line.addAll(List.of(command));
		Path output = Files.createTempFile("isthmus-postgresql-", ".out");
		try {
			Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
			if (!p.waitFor(90, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				fail(String.join(" ", line) + " did not end in 90 s:\n" + Files.readString(output) + serverLog(dir));
			}
			if (p.exitValue() != 0) {
				fail(String.join(" ", line) + " ended with " + p.exitValue() + ":\n" + Files.readString(output) + serverLog(dir));
			}
		} finally {
			Files.deleteIfExists(output);
		}
	}

	private static String serverLog(Path dir) throws IOException {
		Path log = dir.resolve("server.log");
		return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
	}

	/** The JDBC URL of database {@code name}, as the superuser. */
	String url(String name) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=isthmus";
	}

	/** A new database, empty; returns its URL. */
	String database(String name) throws SQLException {
		try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		}
		return url(name);
	}

	/** Runs the statements on database {@code url}, in order. */
	static void execute(String url, String... statements) throws SQLException {
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			for (String statement : statements) {
				s.execute(statement);
			}
		}
	}

	@Override
	public void close() throws Exception {
		try {
			run(asPostgres, dir, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
		} finally {
			try (Stream<Path> files = Files.walk(dir)) {
				for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(p);
				}
			}
		}
	}
}
