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

	/**
	 * The most a row may hold, in bytes: the journal's columns take 4,000,000. A row passes {@link #LIMIT} by its last
	 * entry at most, and an entry is bounded by the longest record (see {@link Journal#MAX_TEXT}), so this is
	 * reached only by a row near its limit taking a large record; that record then starts a row of its own.
	 */
	static final int MOST = 3_900_000;

	// Characters outside the BMP as 4 UTF-8 bytes, not two 6-byte escapes: a row's size is what the column takes.
	// Decimals in plain digits (0.00000001, not 1E-8): they are delivered as written here.
	private static final JsonFactory FACTORY = new JsonFactoryBuilder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
			.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
			.enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
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

	/** Whether an entry of {@code characters} characters surely fits: at most three bytes each (see {@link #MOST}). */
	boolean fits(int characters) {
		return isEmpty() || bytes.size() + 3L * characters + 2 <= MOST;
	}

	/** Whether the last entry made the row pass {@link #MOST} while others were in it first: see {@link #splitLast}. */
	boolean overfull() {
		return bytes.size() + 1 > MOST && lastStart > 1;
	}

	/**
	 * The row without its last entry, as {@link #take} gives it; the last entry stays, as the first of a new row.
	 */
	byte[] splitLast() {
		byte[] last = java.util.Arrays.copyOfRange(bytes.buffer(), lastStart, bytes.size());
		dropLast();
		byte[] row = take();
		open();
		bytes.write(last, 0, last.length);
		return row;
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
		try {
			// One generator for the row's entries, flushed after each: a generator apiece (its context, buffers and
			// their recycling) was a tenth of what the runner allocates.
			if (generator == null) {
				generator = FACTORY.createGenerator(bytes);
			}
			body.write(generator);
			generator.flush();
		} catch (IOException | RuntimeException e) {
			// half an entry's state is no start for the next
			generator = null;
			if (e instanceof RuntimeException r) {
				throw r;
			}
			throw new UncheckedIOException("writing to memory does not fail", (IOException) e);
		}
		return bytes.size() - lastStart;
	}

	/** Writes entries as root values, one after the other; the commas between them are the row's. */
	private JsonGenerator generator;

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

	/** A byte buffer that can be cut back. */
	private static final class Bytes extends ByteArrayOutputStream {
		Bytes() {
			super(8192);
		}

		void cut(int size) {
			count = Math.max(0, size);
		}

		byte[] buffer() {
			return buf;
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
