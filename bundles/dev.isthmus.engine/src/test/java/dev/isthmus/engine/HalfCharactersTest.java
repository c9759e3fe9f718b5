package dev.isthmus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Where in a delivered record half of a character is found, and that whole characters are not taken for one. */
class HalfCharactersTest {

	@Test
	void namesTheFirstHalfCharacterByItsPathAndCodeUnit() {
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("id", 1L);
		record.put("name", "\uD83D\uDE00 whole");
		record.put("lines", List.of(Map.of("sku", "ok"), Map.of("sku", "x\uDC00")));

		assertEquals("the field lines[1].sku holds U+DC00, half of a character (a UTF-16 surrogate, \\udc00 in JSON, without its"
				+ " other half), which no encoding can write", HalfCharacters.in(record));
		assertEquals("the field name a\uD800 has U+D800, half of a character (a UTF-16 surrogate, \\ud800 in JSON, without its other"
				+ " half), which no encoding can write", HalfCharacters.in(Map.of("a\uD800", "v")));
		assertEquals("the field s holds U+D83D, half of a character (a UTF-16 surrogate, \\ud83d in JSON, without its other half),"
				+ " which no encoding can write", HalfCharacters.in(Map.of("s", "\uD83D")), "the first half of an emoji, cut off at the end");
		assertNull(HalfCharacters.in(Map.of("s", "\uD83D\uDE00\uD83D\uDE00", "n", 2L, "l", List.of("Zo\u00eb"))));
	}
}
