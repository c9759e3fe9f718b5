package dev.isthmus.runner.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An HTTP answer's body as far as the runner keeps it: the first {@link #KEPT_CHARACTERS} characters, for a dead
 * letter's reason. The rest is read and dropped up to {@link #DRAINED_BYTES}, so that a small answer leaves its
 * connection fit for the next request; past that the connection is closed, so a 200 MB answer costs neither 200 MB
 * of memory nor the time to read it.
 *
 * <p>For an answer whose status says all ({@code statusSuffices}: a 2xx, the target took the record) the body is
 * complete at once, empty: what then happens to the rest of the answer — cut off, stalled — changes nothing.
 */
final class AnswerExcerpt implements HttpResponse.BodySubscriber<String> {

	static final int KEPT_CHARACTERS = 2000;
	/** Enough bytes for the kept characters in UTF-8. */
	private static final int KEPT_BYTES = 4 * KEPT_CHARACTERS;
	private static final long DRAINED_BYTES = 64 * 1024;

	private final CompletableFuture<String> body = new CompletableFuture<>();
	private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
	private volatile Flow.Subscription subscription;
	private long received;
	private volatile boolean ended;

	AnswerExcerpt(boolean statusSuffices) {
		if (statusSuffices) {
			body.complete("");
		}
	}

	@Override
	public CompletionStage<String> getBody() {
		return body;
	}

	@Override
	public void onSubscribe(Flow.Subscription s) {
		subscription = s;
		if (ended) {
			s.cancel();
		} else {
			s.request(Long.MAX_VALUE); // every buffer is copied from or dropped at once: nothing piles up
		}
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		synchronized (this) {
			for (ByteBuffer buffer : buffers) {
				int n = buffer.remaining();
				received += n;
				int take = Math.min(n, KEPT_BYTES - kept.size());
				if (take > 0) {
					byte[] bytes = new byte[take];
					buffer.get(bytes);
					kept.writeBytes(bytes);
				}
			}
		}
		if (kept.size() >= KEPT_BYTES) {
			body.complete(text()); // all that is kept has come; the caller need not wait for the rest
		}
		if (received > DRAINED_BYTES) {
			cancel();
		}
	}

	@Override
	public void onError(Throwable failure) {
		// An answer cut off after its status still has that status: what came of the body is the excerpt.
		end();
	}

	@Override
	public void onComplete() {
		end();
	}

	/** Stops reading (the connection is closed) and completes the body with what came. */
	void cancel() {
		if (!ended) {
			Flow.Subscription s = subscription;
			if (s != null) {
				s.cancel();
			}
			end();
		}
	}

	private void end() {
		ended = true;
		body.complete(text());
	}

	/** What came of the body so far, cut to {@link #KEPT_CHARACTERS} characters with {@code …} when there was more. */
	synchronized String text() {
		return text(kept.toByteArray(), received);
	}

	/** A whole body's excerpt, as an answer read by this subscriber would give it. */
	static String of(byte[] body) {
		return text(java.util.Arrays.copyOf(body, Math.min(body.length, KEPT_BYTES)), body.length);
	}

	/** The text of the {@code kept} bytes of a body of {@code received}, cut as {@link #text()} says. */
	private static String text(byte[] kept, long received) {
		String text = new String(kept, StandardCharsets.UTF_8);
		boolean more = received > kept.length || text.length() > KEPT_CHARACTERS;
		return more ? TextCuts.start(text, KEPT_CHARACTERS) + "…" : text;
	}
}
