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
