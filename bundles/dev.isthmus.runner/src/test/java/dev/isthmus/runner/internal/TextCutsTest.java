package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

import dev.isthmus.engine.RecordError;

/**
 * User text cut for a message, an answer's excerpt or a journal column: a cut between an emoji's two UTF-16 units
 * left half a character, which no encoding writes.
 */
class TextCutsTest {

	@Test
	void aCutThatWouldPartAnEmojiStopsBeforeIt() {
		assertEquals("ab", TextCuts.start("ab\uD83D\uDE00cd", 3));
		assertEquals("ab\uD83D\uDE00", TextCuts.start("ab\uD83D\uDE00cd", 4));
		assertEquals("ab", TextCuts.start("ab", 3));
		assertEquals("", TextCuts.start("\uD83D\uDE00", 1));
	}

	@Test
	void theIdempotencyKeyExcerptKeepsWholeCharacters() {
		String key = "k".repeat(59) + "\uD83D\uDE00".repeat(600);
		RecordError e = assertThrows(RecordError.class, () -> new JournalKeys("f", null, Instant::now).firstSeen(key, Duration.ofMinutes(1)));

		assertEquals("k".repeat(59) + "…", e.value());
	}

	@Test
	void anAnswersExcerptKeepsWholeCharacters() {
		String body = "a".repeat(AnswerExcerpt.KEPT_CHARACTERS - 1) + "\uD83D\uDE00" + "b".repeat(100);
		AnswerExcerpt excerpt = new AnswerExcerpt(false);
		excerpt.onSubscribe(new Flow.Subscription() {
			@Override
			public void request(long n) {
			}

			@Override
			public void cancel() {
			}
		});
		excerpt.onNext(List.of(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))));
		excerpt.onComplete();

		assertEquals("a".repeat(AnswerExcerpt.KEPT_CHARACTERS - 1) + "…", excerpt.getBody().toCompletableFuture().join());
	}
}
