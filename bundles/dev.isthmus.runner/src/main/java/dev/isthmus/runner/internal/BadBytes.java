package dev.isthmus.runner.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a file stops being text of its encoding. A reader reports bad bytes when it fills its buffer, thousands of
 * characters ahead of the line it hands out, so the line it was at says nothing: the file is decoded again here,
 * counting lines as {@link java.io.BufferedReader#readLine} does, and bytes from the file's start.
 */
final class BadBytes {

	private BadBytes() {
	}

	/**
	 * Whether the whole file is text in {@code charset}: one streaming pass through two buffers, nothing made per
	 * line, a quarter of {@link #first}'s time (which counts lines a character at a time, only needed once a bad byte
	 * is known to be there). About 30 ms for the usage benchmark's 1,000,000-line, 117 MB NDJSON file.
	 */
	static boolean whole(Path file, Charset charset) throws IOException {
		return scan(file, charset, false) == null;
	}

	/**
	 * "line 5, byte 1234 (0xe9)" for the first byte that is not text in {@code charset} (counted from 0), or
	 * {@code null} if there is none.
	 */
	static String first(Path file, Charset charset) throws IOException {
		return scan(file, charset, true);
	}

	/**
	 * Why a file that is text in {@code charset}, a single-byte encoding such as windows-1252, is UTF-8 text all the
	 * same, or {@code null}: it starts with UTF-8's byte order mark, or it is UTF-8 throughout, every character beyond
	 * ASCII one a windows-1252 user writes — Latin letters, punctuation, currency, ™, emoji — and at least one of them.
	 * In a single-byte encoding every byte is some character, so such a file passed as text, each é becoming Ã©
	 * (review 23); a genuine one whose bytes happen to pair as UTF-8 decodes to something else ("NESTLÉ®" to IPA's
	 * U+026E, review 24), and is read.
	 */
	static String utf8Instead(Path file, Charset charset) throws IOException {
		if (charset.newEncoder().maxBytesPerChar() != 1) {
			return null;
		}
		byte[] start = new byte[3];
		try (InputStream stream = Files.newInputStream(file)) {
			int n = stream.readNBytes(start, 0, 3);
			if (n == 3 && (start[0] & 0xff) == 0xef && (start[1] & 0xff) == 0xbb && (start[2] & 0xff) == 0xbf) {
				return "it starts with UTF-8's byte order mark (bytes 0xef 0xbb 0xbf, which " + charset.name() + " reads as \"ï»¿\")";
			}
		}
		CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
		long offset = 0;
		String first = null;
		long firstAt = -1;
		try (java.io.Reader in = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), utf8))) {
			for (int c = in.read(); c >= 0; c = in.read()) {
				int point = c;
				if (Character.isHighSurrogate((char) c)) {
					int low = in.read();
					point = low < 0 ? c : Character.toCodePoint((char) c, (char) low);
				}
				if (point >= 0x80) {
					if (!written(point)) {
						return null;
					}
					if (first == null) {
						first = new String(Character.toChars(point));
						firstAt = offset;
					}
				}
				offset += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
			}
		} catch (java.nio.charset.CharacterCodingException e) {
			return null; // not UTF-8
		}
		if (first == null) {
			return null; // ASCII only: the same text in both
		}
		return "it is UTF-8 text throughout, with characters beyond ASCII (the first at byte " + firstAt + ": \"" + first + "\" in UTF-8, \""
				+ new String(first.getBytes(java.nio.charset.StandardCharsets.UTF_8), charset) + "\" read as " + charset.name() + ")";
	}

	/** Whether a character is one a user of a Western single-byte encoding writes: what its UTF-8 would be mistaken for. */
	private static boolean written(int point) {
		return point >= 0xa0 && point <= 0x24f // Latin-1 and Latin Extended-A and -B
				|| point >= 0x2000 && point <= 0x206f // punctuation: dashes, quotes, …
				|| point >= 0x20a0 && point <= 0x20cf // currency: €
				|| point >= 0x2100 && point <= 0x214f // letterlike: ™, №
				|| point >= 0x1f300 && point <= 0x1faff; // emoji
	}

	/** Where the first bad byte is ({@code lines}: with its line, else "line ?"), or {@code null}. */
	private static String scan(Path file, Charset charset, boolean lines) throws IOException {
		CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.allocate(1 << 16);
		CharBuffer out = CharBuffer.allocate(1 << 16);
		long before = 0; // bytes of the file before in's start
		long line = 1;
		boolean afterCr = false;
		try (InputStream stream = Files.newInputStream(file)) {
			boolean end = false;
			while (!end) {
				int n = stream.read(in.array(), in.position(), in.remaining());
				end = n < 0;
				if (n > 0) {
					in.position(in.position() + n);
				}
				in.flip();
				while (true) {
					CoderResult result = decoder.decode(in, out, end);
					out.flip();
					while (lines && out.hasRemaining()) {
						char ch = out.get();
						if (ch == '\r' || ch == '\n' && !afterCr) {
							line++;
						}
						afterCr = ch == '\r';
					}
					out.clear();
					if (result.isError()) {
						int at = in.position();
						return "line " + (lines ? line : "?") + ", byte " + (before + at) + String.format(" (0x%02x)", in.get(at) & 0xff);
					}
					if (result.isUnderflow()) {
						break;
					}
				}
				before += in.position();
				in.compact();
			}
			// A multi-byte character cut short by the file's end.
			return decoder.flush(out).isError()
					? "line " + (lines ? line : "?") + ", byte " + before + ": a character cut short at the file's end" : null;
		}
	}

	/**
	 * For an endpoint reading UTF-16 or UTF-32: "line 1, byte 0 (0x7b)" when the file holds no zero byte, or
	 * {@code null}. Nearly any pair of bytes is some UTF-16 character, so a UTF-8 or windows-1252 file read as UTF-16
	 * decodes without an error, into text no one wrote (Chinese, mostly). But every JSON and CSV file holds ASCII
	 * (braces, quotes, commas, line breaks), and each ASCII character written in UTF-16 or UTF-32 holds a zero byte.
	 */
	static String noZeroByte(Path file, Charset charset) throws IOException {
		String name = charset.name();
		if (!name.startsWith("UTF-16") && !name.startsWith("UTF-32") && !name.startsWith("X-UTF-32")) {
			return null;
		}
		int firstByte = -1;
		try (InputStream stream = Files.newInputStream(file)) {
			byte[] buffer = new byte[1 << 16];
			for (int n; (n = stream.read(buffer)) >= 0;) {
				for (int i = 0; i < n; i++) {
					if (buffer[i] == 0) {
						return null;
					}
				}
				if (firstByte < 0 && n > 0) {
					firstByte = buffer[0] & 0xff;
				}
			}
		}
		return firstByte < 0 ? null : "line 1, byte 0" + String.format(" (0x%02x)", firstByte) + ": no character of the file is one in "
				+ name + ", where every brace, quote, comma and line break holds a zero byte";
	}
}
