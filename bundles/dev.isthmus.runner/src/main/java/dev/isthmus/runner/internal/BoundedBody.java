package dev.isthmus.runner.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An answer's body read whole up to a bound; past it, {@code null} and the connection closed: an answer goes into a
 * record, its journal rows and its trace, so one that is too long is refused, not read into memory.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
	private final int most;
	private final CompletableFuture<byte[]> body = new CompletableFuture<>();
	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
	private Flow.Subscription subscription;

	BoundedBody(int most) {
		this.most = most;
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return body;
	}

	@Override
	public void onSubscribe(Flow.Subscription s) {
		subscription = s;
		s.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		for (ByteBuffer buffer : buffers) {
			if (body.isDone()) {
				return;
			}
			if (bytes.size() + buffer.remaining() > most) {
				subscription.cancel();
				body.complete(null);
				return;
			}
			byte[] chunk = new byte[buffer.remaining()];
			buffer.get(chunk);
			bytes.writeBytes(chunk);
		}
	}

	@Override
	public void onError(Throwable failure) {
		body.completeExceptionally(failure);
	}

	@Override
	public void onComplete() {
		body.complete(bytes.toByteArray());
	}
}
