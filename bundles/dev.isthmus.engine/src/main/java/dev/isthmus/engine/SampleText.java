package dev.isthmus.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sample file's text in its endpoint's encoding, for test blocks and the mapping preview: decoded strictly, so that
 * a sample saved in another encoding fails where its first wrong byte is rather than showing replacement characters
 * (or, read as UTF-8 where the endpoint says windows-1252, "Zo�" for "Zoë"). A UTF-8 byte order mark at the start
 * is skipped, as the runner's file source skips it.
 */
public final class SampleText {

	private SampleText() {
	}

	/** A sample whose bytes are not text of the encoding it is read in. */
	public static final class NotInEncoding extends IOException {
		private static final long serialVersionUID = 1L;

		NotInEncoding(String message) {
			super(message);
		}
	}

	/**
	 * @param name     how the file is named in a message (e.g. "samples/rows.csv")
	 * @param encoding the endpoint's charset name ({@code null}: UTF-8)
	 * @throws NotInEncoding naming file, line, byte offset (from 0), the byte and the encoding, and what to do
	 */
	public static String read(Path file, String name, String encoding) throws IOException {
		Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
		byte[] bytes = Files.readAllBytes(file);
		int start = charset.equals(StandardCharsets.UTF_8) && bytes.length >= 3 && (bytes[0] & 0xff) == 0xef
				&& (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
		CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
		CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
		CoderResult result = decoder.decode(in, out, true);
		if (!result.isError()) {
			result = decoder.flush(out);
		}
		if (result.isError()) {
			int at = in.position();
			throw new NotInEncoding(name + ": line " + line(out) + ", byte " + at + String.format(" (0x%02x)", bytes[at] & 0xff)
					+ " is not " + charset.name() + (encoding == null ? " (the endpoint names no encoding, so UTF-8)" : "")
					+ "; save the sample as " + charset.name() + ", or name the encoding it is in on its endpoint: encoding \"…\"");
		}
		out.flip();
		return out.toString();
	}

	/** The line the decoded text has reached, counted as {@link java.io.BufferedReader#readLine} counts lines. */
	private static long line(CharBuffer decoded) {
		long line = 1;
		boolean afterCr = false;
		for (int i = 0; i < decoded.position(); i++) {
			char ch = decoded.get(i);
			if (ch == '\r' || ch == '\n' && !afterCr) {
				line++;
			}
			afterCr = ch == '\r';
		}
		return line;
	}
}
