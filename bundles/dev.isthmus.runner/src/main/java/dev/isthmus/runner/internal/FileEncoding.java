package dev.isthmus.runner.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The encoding of a file endpoint's files: its transport's {@code encoding}, UTF-8 when it names none. A name Java does
 * not know (a configuration written by hand) stops the start, as a bad directory does, rather than reading every file
 * wrongly.
 */
final class FileEncoding {

	private FileEncoding() {
	}

	/**
	 * The transport's encoding, or {@code null} with what is wrong added to {@code problems}.
	 *
	 * @param writes whether the endpoint writes files: a few character sets can only be read
	 */
	static Charset of(JsonNode transport, String where, boolean writes, List<String> problems) {
		String name = transport.path("encoding").asText("");
		if (name.isEmpty()) {
			return StandardCharsets.UTF_8;
		}
		Charset charset;
		try {
			charset = Charset.forName(name);
		} catch (IllegalArgumentException e) {
			problems.add(where + ": the encoding \"" + name + "\" is not one Java knows; name a character set such as \"UTF-8\","
					+ " \"windows-1252\", \"ISO-8859-1\" or \"UTF-16\" and generate the project again");
			return null;
		}
		if (writes && !charset.canEncode()) {
			problems.add(where + ": files cannot be written in " + charset.name() + " (Java only reads it); name another encoding,"
					+ " such as \"UTF-8\", and generate the project again");
			return null;
		}
		return charset;
	}

	/**
	 * Where a record was read: {@code file:in/a.csv:4}, and {@code file:in/a.csv:4 (windows-1252)} for a file not in
	 * UTF-8. 'isthmus dlq' finds the record's line again in the file, and knows nothing of the configuration: the
	 * origin tells it how to read the file.
	 */
	static String origin(String rel, long line, Charset charset) {
		return "file:" + rel + ":" + line + (charset.equals(StandardCharsets.UTF_8) ? "" : " (" + charset.name() + ")");
	}

	/**
	 * Where in a file an origin is, as messages say it ({@code in/a.csv:3}), a watched directory's or a fed one's;
	 * {@code null} for an origin that is no file's (a webhook, a table).
	 */
	static String place(String origin) {
		if (origin == null || !origin.startsWith("file:") && !origin.startsWith("feed:")) {
			return null;
		}
		String place = origin.substring("file:".length());
		int encoding = place.indexOf(" (");
		return (encoding < 0 ? place : place.substring(0, encoding)).replace('#', ':');
	}

	/**
	 * The file's text in {@code charset}, a byte that is not the encoding's an error, past a byte order mark (no part of
	 * the first record): how {@code --feed} and a JSON file's check read a file.
	 */
	static java.io.BufferedReader text(java.nio.file.Path file, Charset charset) throws java.io.IOException {
		java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(file, charset);
		in.mark(1);
		if (in.read() != '\uFEFF') {
			in.reset();
		}
		return in;
	}
}
