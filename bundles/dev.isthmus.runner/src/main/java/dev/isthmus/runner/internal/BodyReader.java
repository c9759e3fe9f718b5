package dev.isthmus.runner.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;

/**
 * Reads webhook bodies on the request threads and gives up on one that stops arriving. The JDK's server reads a body
 * from a blocking socket with no timeout of its own, so 32 senders that declared a body and stalled held every request
 * thread, and no webhook was answered at all (review 20). Its whole-request limit (see {@link WholeRequests}) ends
 * such a request too, but later and without an answer: a sender told 408 knows to send again. A watcher thread answers 408 to a body that made no progress for
 * the stall time and interrupts the thread reading it: a thread blocked reading a socket channel is woken by an
 * interrupt, which closes the channel — the only way to end a blocked read that the JDK's server leaves us.
 */
final class BodyReader implements AutoCloseable {

	/** A body given up: answered 408 (if the sender could still be written to) and its connection closed. */
	static final class Stalled extends IOException {
		private static final long serialVersionUID = 1L;

		Stalled(String message) {
			super(message);
		}
	}

	/** One body being read; {@code done} and {@code expired} are decided under its lock, by the reader or the watcher. */
	private static final class Reading {
		final Thread thread = Thread.currentThread();
		final HttpExchange exchange;
		volatile long progress = System.nanoTime();
		boolean done;
		boolean expired;

		Reading(HttpExchange exchange) {
			this.exchange = exchange;
		}
	}

	private final Duration stall;
	private final Set<Reading> reading = ConcurrentHashMap.newKeySet();
	private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "isthmus-webhook-stalls");
		t.setDaemon(true);
		return t;
	});

	BodyReader(Duration stall) {
		this.stall = stall;
		watcher.scheduleWithFixedDelay(this::expireStalled, 1, 1, TimeUnit.SECONDS);
	}

	/**
	 * The request's body, or {@code null} when it is longer than {@code limit} (read no further than one byte past
	 * it). Throws {@link Stalled} when the body stopped arriving for the stall time: it has been answered 408, and the
	 * caller only closes the exchange.
	 */
	byte[] read(HttpExchange exchange, long limit) throws IOException {
		Reading r = new Reading(exchange);
		reading.add(r);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		try {
			// Nothing but reading here: an interrupt from the watcher would close any channel this thread touched.
			InputStream in = exchange.getRequestBody();
			byte[] chunk = new byte[8192];
			int n;
			while (body.size() <= limit && (n = in.read(chunk, 0, (int) Math.min(chunk.length, limit + 1 - body.size()))) >= 0) {
				r.progress = System.nanoTime();
				body.write(chunk, 0, n);
			}
		} catch (IOException e) {
			if (finish(r)) {
				throw e;
			}
		}
		if (!finish(r)) {
			throw new Stalled("the body stopped arriving for " + stall.toSeconds() + " s");
		}
		return body.size() > limit ? null : body.toByteArray();
	}

	/** Ends a reading; whether it ended as read, not given up by the watcher (whose interrupt is then cleared). */
	private boolean finish(Reading r) {
		reading.remove(r);
		synchronized (r) {
			r.done = true;
			if (r.expired) {
				Thread.interrupted(); // the watcher's, delivered or not: the rest of the request must not see it
				return false;
			}
			return true;
		}
	}

	private void expireStalled() {
		long now = System.nanoTime();
		for (Reading r : reading) {
			if (now - r.progress >= stall.toNanos()) {
				expire(r);
			}
		}
	}

	private void expire(Reading r) {
		synchronized (r) {
			if (r.done) {
				return;
			}
			r.expired = true;
			byte[] answer = ("{\"error\":\"the body stopped arriving: nothing came for " + stall.toSeconds()
					+ " s; send the request again\"}").getBytes(StandardCharsets.UTF_8);
			try {
				// Written here, while the reader is blocked: once interrupted its connection is closed. A few hundred
				// bytes fit in the socket's send buffer, so this does not wait on the sender.
				r.exchange.getResponseHeaders().set("Connection", "close");
				r.exchange.getResponseHeaders().set("Content-Type", "application/json");
				r.exchange.sendResponseHeaders(408, answer.length);
				OutputStream out = r.exchange.getResponseBody();
				out.write(answer);
				out.flush();
			} catch (IOException | RuntimeException e) {
				// the sender is gone or the answer cannot be written: the connection is closed all the same
			}
			r.thread.interrupt();
		}
	}

	/**
	 * Closes an exchange whose body was not read to its end without reading the rest: the JDK's server reads up to
	 * 64 KB of it first, waiting as long as the sender takes, which held a request thread per stalled sender even after
	 * its answer. The thread interrupts itself so that the server's first read of the rest closes the connection; the
	 * answer was flushed before, and the interrupt is cleared after.
	 */
	static void hangUp(HttpExchange exchange) {
		Thread.currentThread().interrupt();
		try {
			exchange.getResponseBody().close();
		} catch (IOException e) {
			// closed already: what matters is that nothing more is read
		} finally {
			Thread.interrupted();
			exchange.close();
		}
	}

	@Override
	public void close() {
		watcher.shutdownNow();
	}
}
