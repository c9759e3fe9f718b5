package dev.isthmus.engine;

import java.util.List;
import java.util.Map;

/**
 * Half of a character in a record about to be delivered: a UTF-16 surrogate without its other half, in a value or a
 * field's name. Java keeps one (a JSON {@code \\ud800} escape, a table's text, a mapping's {@code substring} cutting
 * an emoji in two), but no encoding can write it: UTF-8, files, HTTP bodies and the journal put a {@code ?} in its
 * place without a word. It is looked for where a record leaves for a target, after its mapping, so that a record a
 * flow filters, or whose half character is in a field the target never gets, goes on as it would.
 */
final class HalfCharacters {

	private HalfCharacters() {
	}

	/**
	 * "the field name holds U+D800, half of a character …" for the first half character of {@code record}, or
	 * {@code null}. Every delivered record is looked through, so the look allocates nothing until it finds one.
	 */
	static String in(Map<String, Object> record) {
		return holds(record) ? describe(record, "") : null;
	}

	private static boolean holds(Object value) {
		if (value instanceof String s) {
			return half(s) >= 0;
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> field : map.entrySet()) {
				if (holds(field.getKey()) || holds(field.getValue())) {
					return true;
				}
			}
		} else if (value instanceof List<?> list) {
			for (Object element : list) {
				if (holds(element)) {
					return true;
				}
			}
		}
		return false;
	}

	/** Only called once {@link #holds} found one: the path is built on the way. */
	private static String describe(Object value, String path) {
		if (value instanceof String s) {
			int at = half(s);
			return at < 0 ? null : said(path.isEmpty() ? "the record" : "the field " + path, "holds", s.charAt(at));
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> field : map.entrySet()) {
				String name = path.isEmpty() ? String.valueOf(field.getKey()) : path + "." + field.getKey();
				if (field.getKey() instanceof String key && half(key) >= 0) {
					return said("the field name " + name, "has", key.charAt(half(key)));
				}
				String found = describe(field.getValue(), name);
				if (found != null) {
					return found;
				}
			}
		} else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				String found = describe(list.get(i), path + "[" + i + "]");
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/** Where in {@code text} a surrogate stands without its other half, or -1. */
	private static int half(String text) {
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (Character.isSurrogate(ch)) {
				if (Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++; // a whole character beyond the basic plane
				} else {
					return i;
				}
			}
		}
		return -1;
	}

	private static String said(String what, String verb, char unit) {
		return what + " " + verb + " U+" + String.format("%04X", (int) unit) + ", half of a character (a UTF-16 surrogate, \\u"
				+ String.format("%04x", (int) unit) + " in JSON, without its other half), which no encoding can write";
	}
}
