package dev.isthmus.runner.internal;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The first character of a record that a file target's encoding cannot write. Java's writers put a {@code ?} in its
 * place without a word, so "Zoë" in ASCII or "€" in ISO-8859-1 would reach the file changed; the record is refused
 * instead (a dead letter of its own), saying which field and which character.
 */
final class UnwritableCharacters {

	private final Charset charset;
	private final CharsetEncoder encoder;

	UnwritableCharacters(Charset charset) {
		this.charset = charset;
		this.encoder = charset.newEncoder();
	}

	/** Why the record cannot be written in the encoding, or {@code null} when it can. */
	String problem(JsonNode record) {
		return problem(record, "");
	}

	private String problem(JsonNode node, String path) {
		if (node.isTextual()) {
			return problem(node.asText(), path.isEmpty() ? "the record" : "the field " + path, "holds");
		}
		if (node.isArray()) {
			int i = 0;
			for (JsonNode element : node) {
				String p = problem(element, path + "[" + i++ + "]");
				if (p != null) {
					return p;
				}
			}
		} else if (node.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
				String p = problem(field.getKey(), "the field name " + name, "has");
				if (p == null) {
					p = problem(field.getValue(), name);
				}
				if (p != null) {
					return p;
				}
			}
		}
		return null;
	}

	/**
	 * "the field s holds U+D800, half of a character" for the first text of the record (a value or a field's name)
	 * holding a UTF-16 surrogate without its other half, or {@code null}. JSON can say one ({@code "\\ud800"}), and
	 * Java keeps it, but no encoding can write it: UTF-8 and the journal put a {@code ?} in its place without a word.
	 */
	static String halfCharacter(JsonNode node) {
		return halfCharacter(node, "");
	}

	private static String halfCharacter(JsonNode node, String path) {
		if (node.isTextual()) {
			return halfCharacter(node.asText(), path.isEmpty() ? "the record" : "the field " + path, "holds");
		}
		String found = null;
		if (node.isArray()) {
			for (int i = 0; found == null && i < node.size(); i++) {
				found = halfCharacter(node.get(i), path + "[" + i + "]");
			}
		} else if (node.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); found == null && fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
				found = halfCharacter(field.getKey(), "the field name " + name, "has");
				if (found == null) {
					found = halfCharacter(field.getValue(), name);
				}
			}
		}
		return found;
	}

	private static String halfCharacter(String text, String what, String verb) {
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++; // a whole character beyond the basic plane
			} else if (Character.isSurrogate(ch)) {
				return what + " " + verb + " U+" + String.format("%04X", (int) ch) + ", half of a character (a UTF-16 surrogate, \\u"
						+ String.format("%04x", (int) ch) + " in JSON, without its other half), which no encoding can write";
			}
		}
		return null;
	}

	private String problem(String text, String what, String verb) {
		if (encoder.canEncode(text)) {
			return null;
		}
		for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
			int cp = text.codePointAt(i);
			String ch = new String(Character.toChars(cp));
			if (!encoder.canEncode(ch)) {
				return what + " " + verb + " \"" + ch + "\" (U+" + String.format("%04X", cp) + "), which " + charset.name()
						+ " cannot write; the record was not written (the others were): change the value, or set the endpoint's"
						+ " encoding to one that has the character (encoding \"UTF-8\" has every one)";
			}
		}
		// Each character alone can be written, but not the text (a surrogate left unpaired): said of the text.
		return what + " is text " + charset.name() + " cannot write (it is not whole characters); the record was not written";
	}
}
