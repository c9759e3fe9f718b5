package dev.isthmus.runner.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Which file a file source read, as its checkpoint tells it: so that the file, written on at its end since (while
 * the runner was stopped, or while it read it), is read on from the checkpoint, and another file put in its place
 * (renamed over the name, or truncated and written again) from its start.
 * <p>
 * The file's size and time change with every write, so they alone made an appended file a new one, its lines read
 * twice. Its identity (the inode, where the file system has one) stays with an append, and is another for a file
 * renamed over the name; its first bytes stay with an append, and change where a file is written again in place. A
 * file is taken for the one read, grown, when its identity and first bytes are those read and it is no shorter.
 * Where the file system has no identity for files, only the same size and time (and first bytes) make it the same.
 * <p>
 * A checkpoint is {@code file <size>@<time> <n>:<digest of the first n bytes> <identity>:<lines read>}. Those of
 * earlier versions ({@code <size>@<time>:<lines>}, {@code grown <identity>:<lines>}) are read as they were.
 */
final class FilePrint {

	/** How much of a file's start is compared: enough to tell files apart, little to read at each opening. */
	static final int START = 64 * 1024;

	private static final String MARK = "file ";
	private static final String GROWN = "grown ";
	private static final String NO_IDENTITY = "-";

	private final long size;
	private final String sizeAndTime;
	/** The file's identity, as {@link BasicFileAttributes#fileKey} has it; {@code null} where the file system has none. */
	private final Object identity;
	/** The file's first bytes, {@link #START} of them or all of a shorter file. */
	private final byte[] start;

	private FilePrint(long size, String sizeAndTime, Object identity, byte[] start) {
		this.size = size;
		this.sizeAndTime = sizeAndTime;
		this.identity = identity;
		this.start = start;
	}

	/** The file as it is now. */
	static FilePrint of(Path file) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
		byte[] start;
		try (InputStream in = Files.newInputStream(file)) {
			start = in.readNBytes((int) Math.min(START, attributes.size()));
		}
		return new FilePrint(attributes.size(), attributes.size() + "@" + attributes.lastModifiedTime().toMillis(), attributes.fileKey(),
				start);
	}

	/** What a checkpoint of this file says before its lines: made once, as a file's every batch writes a checkpoint. */
	private String marked;

	/** The checkpoint that says {@code lines} of this file were read. */
	String mark(long lines) {
		if (marked == null) {
			marked = MARK + sizeAndTime + " " + start.length + ":" + digest(start.length) + " " + (identity == null ? NO_IDENTITY : identity)
					+ ":";
		}
		return marked + lines;
	}

	/** Whether the file is as it was in {@code then}: the same size and time, the same file. */
	boolean unchangedSince(FilePrint then) {
		return sizeAndTime.equals(then.sizeAndTime) && java.util.Objects.equals(identity, then.identity);
	}

	/** Whether this is the file {@code then} was, perhaps grown since: by the rule its checkpoint is read by. */
	boolean continues(FilePrint then) {
		return committed(then.mark(1)) == 1;
	}

	/**
	 * The lines of this file an earlier batch read, as its checkpoint {@code mark} says: 0 when there is none, or the
	 * mark is of another file (one put in its place since).
	 */
	long committed(String mark) {
		if (mark == null) {
			return 0;
		}
		int colon = mark.lastIndexOf(':');
		if (colon < 0) {
			return 0;
		}
		String of = mark.substring(0, colon);
		try {
			long lines = Long.parseLong(mark.substring(colon + 1));
			if (of.startsWith(MARK)) {
				return isFileOf(of.substring(MARK.length())) ? lines : 0;
			}
			// Marks of earlier versions: the file as it was, or one that grew while it was read, by its identity.
			if (of.startsWith(GROWN)) {
				return identity != null && of.substring(GROWN.length()).equals(identity.toString()) ? lines : 0;
			}
			return of.equals(sizeAndTime) ? lines : 0;
		} catch (NumberFormatException | IndexOutOfBoundsException e) {
			// Not a mark this version wrote, nor an earlier one: the file is read from its start, as a new one.
			return 0;
		}
	}

	/** Whether the file named by a mark's {@code <size>@<time> <n>:<digest> <identity>} is this one, perhaps grown. */
	private boolean isFileOf(String of) {
		String[] parts = of.split(" ", 3);
		if (parts.length < 3) {
			return false;
		}
		String thenSizeAndTime = parts[0];
		int startColon = parts[1].indexOf(':');
		int thenStart = startColon < 0 ? -1 : Integer.parseInt(parts[1].substring(0, startColon));
		// A file shorter than what was compared then is another (or truncated): its first bytes cannot be those read.
		if (thenStart < 0 || thenStart > start.length || !digest(thenStart).equals(parts[1].substring(startColon + 1))) {
			return false;
		}
		if (thenSizeAndTime.equals(sizeAndTime)) {
			return true;
		}
		long thenSize = Long.parseLong(thenSizeAndTime.substring(0, thenSizeAndTime.indexOf('@')));
		// Written to since: the same file only where the file system can say so (a name renamed over has another).
		return identity != null && parts[2].equals(identity.toString()) && size >= thenSize;
	}

	private String digest(int length) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(start, length)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java has SHA-256", e);
		}
	}
}
