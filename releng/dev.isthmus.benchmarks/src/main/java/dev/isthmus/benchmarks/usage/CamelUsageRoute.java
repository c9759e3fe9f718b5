package dev.isthmus.benchmarks.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.processor.aggregate.DefaultAggregateController;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The Apache Camel baseline of the usage benchmark, written as a Camel user would write it with camel-main: the file
 * component picks up the NDJSON file, a streaming split hands on one line at a time, Jackson binds it, the
 * idempotent consumer drops eventIds already seen (camel-sql's {@link JdbcMessageIdRepository}, on its default table
 * with its primary key, in eager mode, the defaults), a mapping makes the UsageRecord, the aggregator sums quantity
 * per customer, sku and hour in its in-memory repository, and camel-sql inserts each completed group into
 * USAGE_HOURLY. Both tables live in one fresh H2 file database. With {@link Groups#JDBC} the aggregator keeps its
 * groups in camel-sql's {@link JdbcAggregationRepository} in that database instead, so that they survive a crash,
 * as the runner's windows do; not the runner's guarantees, though: the idempotent repository commits an event's id
 * apart from the group it joins, and a group inserted but not yet confirmed is inserted again after a crash.
 *
 * <p>The keys and the insert's parameters are Java DSL lambdas and a Map, not the simple language's
 * {@code ${body.eventId}} or camel-sql's {@code :#${body.customer}}: on a record body those cost a bean invocation
 * that copies the headers, or a failed type conversion that scans every converter, per event or parameter; a Camel
 * user who profiled would do the same, and the baseline should not carry a handicap we know how to remove.
 *
 * <p>When a group is complete: only when the input is drained. Any earlier rule (a size, a timeout) could close a
 * group that a later, jittered event still belongs to, and a second row for the same hour is a wrong answer. So
 * after the split the file's route completes all groups through the aggregator's {@link AggregateController}. When
 * the run is over: when the last of those groups is inserted. Not when the file's exchange ends: the aggregator
 * inserts completed groups on a thread of its own (or, given a synchronous executor, from Camel's reactive queue,
 * after the file's route has moved on), and stopping camel-main at the end of the file's exchange lost about a tenth
 * of the rows. So the route counts the inserts against the number of groups the controller completed.
 */
public final class CamelUsageRoute {

	/**
	 * What one run did. {@code elapsedNanos} runs from the file's pick-up to the last row inserted; it leaves out
	 * starting and stopping the CamelContext (about a second together), as a long-running route would not pay them
	 * per file.
	 */
	public record Result(long eventsRead, long duplicatesSkipped, long rowsWritten, long elapsedNanos) {
	}

	/** One NDJSON line as Jackson binds it. */
	public record UsageEvent(String eventId, String customerId, String sku, long quantity, String occurredAt) {
	}

	/** The mapped event; while aggregating, {@code quantity} is the group's running sum. */
	public record UsageRecord(String customer, String sku, OffsetDateTime window, long quantity) implements java.io.Serializable {

		/** The aggregator's correlation key. */
		String group() {
			return customer + '|' + sku + '|' + window;
		}

		/** The insert's named parameters: camel-sql finds them in a Map body without any type conversion. */
		Map<String, Object> row() {
			return Map.of("customer", customer, "sku", sku, "window", window, "quantity", quantity);
		}
	}

	static final String DATABASE = "usage";

	private CamelUsageRoute() {
	}

	/**
	 * Where the aggregator keeps its open groups. {@code MEMORY} is Camel's default, and a crash loses them;
	 * {@code JDBC} is camel-sql's {@link JdbcAggregationRepository} in the same H2 database, which keeps each group
	 * as it grows, and so survives a crash.
	 */
	public enum Groups {
		MEMORY, JDBC
	}

	/** Runs the route once over {@code ndjsonFile}, with a fresh H2 database under {@code workDir}, to completion. */
	public static Result run(Path ndjsonFile, Path workDir) throws Exception {
		return run(ndjsonFile, workDir, Groups.MEMORY);
	}

	/** As {@link #run(Path, Path)}, with the open groups kept as {@code groups} says. */
	public static Result run(Path ndjsonFile, Path workDir, Groups groups) throws Exception {
		if (!Files.isRegularFile(ndjsonFile)) {
			// The file consumer would poll for it forever.
			throw new IOException(ndjsonFile + " is not a file");
		}
		Files.createDirectories(workDir);
		Files.deleteIfExists(workDir.resolve(DATABASE + ".mv.db"));
		Files.deleteIfExists(workDir.resolve(DATABASE + ".trace.db"));
		// H2's own pool: camel-sql and Spring's JdbcTemplate take a connection per statement, and opening one per
		// event would measure H2's connection set-up rather than the route.
		JdbcConnectionPool db = JdbcConnectionPool.create(url(workDir), "sa", "");
		try {
			try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
				s.execute("CREATE TABLE USAGE_HOURLY (CUSTOMER VARCHAR, SKU VARCHAR, WINDOW_START TIMESTAMP WITH TIME ZONE,"
						+ " QUANTITY BIGINT)");
				if (groups == Groups.JDBC) {
					// The two tables camel-sql's documentation gives for a repository, named after it; the exchange as
					// VARBINARY, not the documentation's BLOB, which H2 keeps in its LOB store once over 256 bytes: a new
					// LOB written and the old one dropped at every event. camel-sql reads and writes it as bytes either way.
					for (String table : new String[] { "USAGE_GROUPS", "USAGE_GROUPS_COMPLETED" }) {
						s.execute("CREATE TABLE " + table + " (ID VARCHAR(255) NOT NULL PRIMARY KEY, EXCHANGE VARBINARY NOT NULL,"
								+ " VERSION BIGINT NOT NULL)");
					}
				}
			}
			Main main = new Main();
			main.bind("usageDb", db);
			UsageRoutes routes = new UsageRoutes(ndjsonFile, new JdbcMessageIdRepository(db, "usage-events"),
					groups == Groups.JDBC ? jdbcGroups(db) : null, main::completed);
			main.configure().addRoutesBuilder(routes);
			main.run();
			return routes.result();
		} finally {
			db.dispose();
		}
	}

	/** The rows of USAGE_HOURLY that {@link #run} left under {@code workDir}; a second row for one key is an error. */
	public static Map<UsageEvents.Window, Long> usageHourly(Path workDir) throws SQLException {
		Map<UsageEvents.Window, Long> rows = new HashMap<>();
		try (Connection c = DriverManager.getConnection(url(workDir) + ";IFEXISTS=TRUE", "sa", "");
				Statement s = c.createStatement();
				ResultSet r = s.executeQuery("SELECT CUSTOMER, SKU, WINDOW_START, QUANTITY FROM USAGE_HOURLY")) {
			while (r.next()) {
				UsageEvents.Window key = new UsageEvents.Window(r.getString(1), r.getString(2),
						r.getObject(3, OffsetDateTime.class).toInstant());
				if (rows.put(key, r.getLong(4)) != null) {
					throw new IllegalStateException("USAGE_HOURLY has more than one row for " + key);
				}
			}
		}
		return rows;
	}

	/**
	 * camel-sql's persistent aggregation repository, as its documentation sets it up: a Spring transaction manager on
	 * the data source, and the repository's name for its tables. Its codec deserializes only the classes its filter
	 * allows, so the benchmark's record is put in front of its default filter (which keeps its limits).
	 */
	private static AggregationRepository jdbcGroups(JdbcConnectionPool db) {
		JdbcAggregationRepository repository = new JdbcAggregationRepository(new DataSourceTransactionManager(db), "USAGE_GROUPS", db);
		repository.setDeserializationFilter(UsageRecord.class.getName() + ";" + repository.getDeserializationFilter());
		return repository;
	}

	private static String url(Path workDir) {
		return "jdbc:h2:file:" + workDir.resolve(DATABASE).toAbsolutePath();
	}

	/** The JSON mapping: UsageEvent to UsageRecord, the window being occurredAt's hour in UTC. */
	static UsageRecord toRecord(UsageEvent event) {
		OffsetDateTime hour = OffsetDateTime.parse(event.occurredAt()).withOffsetSameInstant(ZoneOffset.UTC)
				.truncatedTo(ChronoUnit.HOURS);
		return new UsageRecord(event.customerId(), event.sku(), hour, event.quantity());
	}

	private static Exchange sum(Exchange group, Exchange event) {
		if (group == null) {
			return event;
		}
		UsageRecord sum = group.getMessage().getBody(UsageRecord.class);
		long more = event.getMessage().getBody(UsageRecord.class).quantity();
		group.getMessage().setBody(new UsageRecord(sum.customer(), sum.sku(), sum.window(), sum.quantity() + more));
		return group;
	}

	private static final class UsageRoutes extends RouteBuilder {

		private final Path file;
		private final IdempotentRepository seen;
		private final Runnable done;
		/** The aggregator's repository; null for its in-memory default. */
		private final AggregationRepository repository;
		private final AggregateController groups = new DefaultAggregateController();
		private final LongAdder read = new LongAdder();
		private final LongAdder duplicates = new LongAdder();
		private final LongAdder rows = new LongAdder();
		private final AtomicLong inserts = new AtomicLong();
		/** The number of groups completed once the input is drained; until then, -1. */
		private final AtomicLong insertsDue = new AtomicLong(-1);
		private final AtomicBoolean over = new AtomicBoolean();
		private final AtomicReference<Exception> failure = new AtomicReference<>();
		private volatile long started;
		private volatile long finished;

		UsageRoutes(Path file, IdempotentRepository seen, AggregationRepository repository, Runnable done) {
			this.file = file;
			this.seen = seen;
			this.repository = repository;
			this.done = done;
		}

		@Override
		public void configure() {
			// The aggregator only logs a failed insert of a completed group, and nothing here binds a logger: record
			// the first failure, so that run() throws instead of returning a short count, and end the run.
			onException(Exception.class).process(e -> {
				failure.compareAndSet(null, e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
				done.run();
			});

			// noop: the benchmark's input stays where it is; initialDelay=0: no idle second before the first poll.
			from("file:" + file.toAbsolutePath().getParent() + "?fileName=" + file.getFileName()
					+ "&noop=true&initialDelay=0&charset=UTF-8")
				.routeId("usage-file")
				.process(e -> started = System.nanoTime())
				.split(body().tokenize("\n")).streaming()
					.to("direct:usage-event")
				.end()
				// The input is drained: complete every group, and say how many inserts end the run.
				.process(e -> {
					insertsDue.set(groups.forceCompletionOfAllGroups());
					endIfAllInserted();
				});

			from("direct:usage-event")
				.routeId("usage-event")
				.process(e -> read.increment())
				.unmarshal().json(JsonLibrary.Jackson, UsageEvent.class)
				// skipDuplicate(false) and the filter are the documented way to see the duplicates, here to count them.
				.idempotentConsumer().body(UsageEvent.class, UsageEvent::eventId)
				.idempotentRepository(seen).skipDuplicate(false)
					.filter(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
						.process(e -> duplicates.increment())
						.stop()
					.end()
					.transform().body(UsageEvent.class, CamelUsageRoute::toRecord)
					.to("direct:usage-hourly")
				.end();

			var hourly = from("direct:usage-hourly").routeId("usage-hourly");
			if (repository != null) {
				// The repository serializes the whole exchange at every event: not the file consumer's headers too.
				hourly.removeHeaders("CamelFile*");
			}
			var aggregate = hourly
				.aggregate().body(UsageRecord.class, UsageRecord::group).aggregationStrategy(CamelUsageRoute::sum);
			if (repository != null) {
				aggregate.aggregationRepository(repository);
			}
			aggregate
					.aggregateController(groups)
					// Camel insists on a completion condition; none but the controller is correct (see the class
					// comment), so this one is never true.
					.completionPredicate(constant(false))
					.transform().body(UsageRecord.class, UsageRecord::row)
					.to("sql:INSERT INTO USAGE_HOURLY (CUSTOMER, SKU, WINDOW_START, QUANTITY)"
							+ " VALUES (:#customer, :#sku, :#window, :#quantity)?dataSource=#usageDb")
					.process(e -> {
						rows.add(e.getMessage().getHeader("CamelSqlUpdateCount", 0, Integer.class));
						inserts.incrementAndGet();
						endIfAllInserted();
					})
				.end();
		}

		/** Ends the run once the input is drained and every completed group is inserted, whichever comes last. */
		private void endIfAllInserted() {
			if (inserts.get() == insertsDue.get() && over.compareAndSet(false, true)) {
				finished = System.nanoTime();
				done.run();
			}
		}

		Result result() throws Exception {
			if (failure.get() != null) {
				throw failure.get();
			}
			if (finished == 0) {
				throw new IllegalStateException("the route stopped before it had inserted every group");
			}
			return new Result(read.sum(), duplicates.sum(), rows.sum(), finished - started);
		}
	}
}
