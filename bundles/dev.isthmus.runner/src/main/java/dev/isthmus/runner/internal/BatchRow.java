package dev.isthmus.runner.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

/**
 * JSON texts gathered into one journal row as a JSON array, in UTF-8 (see {@link Journal#putText}). A batch's held
 * records, traces, idempotency keys and packs are each kept this way rather than a row apiece: per-record rows made H2
 * rewrite index pages all over the file at every commit. Entries are written straight into the row's bytes, not
 * made into strings first: these texts are most of what the runner writes per record. A row is closed once it has
 * reached {@link #LIMIT}; it may pass it by its last entry, which the journal's columns (4 MB) leave room for.
 */
final class BatchRow {

	/** Bytes of UTF-8. */
	static final int LIMIT = 900_000;

	private static final JsonFactory FACTORY = new JsonFactoryBuilder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
			.rootValueSeparator((String) null).build();

	private final Bytes bytes = new Bytes();
	private int lastStart;

	/** Whether the row has reached its limit: it is to be closed before the next entry. */
	boolean full() {
		return bytes.size() >= LIMIT;
	}

	boolean isEmpty() {
		return bytes.size() == 0;
	}

	/** Adds an entry that is JSON text already. */
	void add(String entry) {
		open();
		byte[] utf8 = entry.getBytes(StandardCharsets.UTF_8);
		bytes.write(utf8, 0, utf8.length);
	}

	/** Adds the JSON value {@code body} writes; returns the size of the entry in bytes. */
	int add(JsonText.Body body) {
		open();
		try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
			body.write(out);
		} catch (IOException e) {
			throw new UncheckedIOException("writing to memory does not fail", e);
		}
		return bytes.size() - lastStart;
	}

	private void open() {
		bytes.write(bytes.size() == 0 ? '[' : ',');
		lastStart = bytes.size();
	}

	/** Takes the last entry back out (one that turned out too long, say). */
	void dropLast() {
		bytes.cut(lastStart - 1);
	}

	/** The row's JSON array, in UTF-8; the row starts empty again. */
	byte[] take() {
		bytes.write(']');
		byte[] row = bytes.toByteArray();
		bytes.reset();
		return row;
	}

	/** The row's text (for rows read as text: a pack of one, say). */
	String takeText() {
		return new String(take(), StandardCharsets.UTF_8);
	}

	/** A byte buffer that can be cut back. */
	private static final class Bytes extends ByteArrayOutputStream {
		Bytes() {
			super(8192);
		}

		void cut(int size) {
			count = Math.max(0, size);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			// Not synchronized, unlike ByteArrayOutputStream's: one thread writes a row.
			ensure(len);
			System.arraycopy(b, off, buf, count, len);
			count += len;
		}

		@Override
		public void write(int b) {
			ensure(1);
			buf[count++] = (byte) b;
		}

		private void ensure(int more) {
			if (count + more > buf.length) {
				buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
			}
		}
	}
}
