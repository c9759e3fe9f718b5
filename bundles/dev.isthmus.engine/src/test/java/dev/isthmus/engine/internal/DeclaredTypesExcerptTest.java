package dev.isthmus.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A wrong value is quoted in the dead letter's reason cut to 60 UTF-16 units; a cut there between an emoji's two
 * units showed half a character ("\ud83d…" in the reason's JSON, a broken glyph in the DLQ listing).
 */
class DeclaredTypesExcerptTest {

	@Test
	void aLongStringIsCutBeforeAnEmojiNotInsideIt() {
		String text = "x".repeat(59) + "\uD83D\uDE00 and more";

		assertEquals("the string \"" + "x".repeat(59) + "…\"", DeclaredTypes.found(TextNode.valueOf(text)));
	}

	@Test
	void anEmojiThatFitsIsKeptWhole() {
		String text = "x".repeat(58) + "\uD83D\uDE00 and more";

		assertEquals("the string \"" + "x".repeat(58) + "\uD83D\uDE00…\"", DeclaredTypes.found(TextNode.valueOf(text)));
		assertEquals("the string \"short\"", DeclaredTypes.found(TextNode.valueOf("short")));
	}
}
