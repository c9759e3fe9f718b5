package dev.isthmus.runner.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a file stops being UTF-8. A reader reports bad bytes when it fills its buffer, thousands of characters
 * ahead of the line it hands out, so the line it was at says nothing: the file is decoded again here, counting
 * lines as {@link java.io.BufferedReader#readLine} does.
 */
final class Utf8Check {

	private Utf8Check() {
	}

	/** "line 5, byte 1234 (0x e9)" for the first byte that is not UTF-8, or {@code null} if there is none. */
	static String firstBadByte(Path file) throws IOException {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
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
					while (out.hasRemaining()) {
						char ch = out.get();
						if (ch == '\r' || ch == '\n' && !afterCr) {
							line++;
						}
						afterCr = ch == '\r';
					}
					out.clear();
					if (result.isError()) {
						int at = in.position();
						return "line " + line + ", byte " + (before + at) + String.format(" (0x%02x)", in.get(at) & 0xff);
					}
					if (result.isUnderflow()) {
						break;
					}
				}
				before += in.position();
				in.compact();
			}
		}
		return null;
	}
}
