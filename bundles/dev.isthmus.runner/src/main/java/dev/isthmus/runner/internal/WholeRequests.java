package dev.isthmus.runner.internal;

/**
 * How long a request may take to arrive whole, headers and body. The JDK's server reads a request's line and headers
 * on a request thread before any handler sees the request, with no time limit unless its
 * {@code sun.net.httpserver.maxReqTime} (seconds) says one: a sender that stalled inside its headers held a webhook
 * thread for good, and enough of them stopped the intake; a sender trickling a byte a little faster than the body's
 * stall time (see {@link WebhookServer#BODY_STALL}) was never cut off. The JDK reads the setting once per JVM, when its
 * first server starts: set here, before the runner's servers, unless the JVM was given a value of its own (kept, and
 * kept too in a JVM whose first server started before the runner, as an application embedding it may have).
 */
final class WholeRequests {

	static final String PROPERTY = "sun.net.httpserver.maxReqTime";

	/** The least time a request is given, in seconds (shorter in the tests, which wait for it). */
	static final long LEAST_SECONDS = Long.getLong("isthmus.leastRequestSeconds", 60);

	/**
	 * The slowest a sender may send a large body, in bytes a second: a body limit raised to tens of megabytes gets
	 * the time to send it at this rate, when that is longer than {@link #LEAST_SECONDS}.
	 */
	static final long SLOWEST_RATE = 64 * 1024;

	private WholeRequests() {
	}

	/** Sets the JVM's limit for a body of at most {@code bodyLimit} bytes, unless it has one. */
	static synchronized void limit(long bodyLimit) {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, Long.toString(Math.max(LEAST_SECONDS, bodyLimit / SLOWEST_RATE + 1)));
		}
	}
}
