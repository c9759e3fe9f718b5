package dev.isthmus.runner.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The rows a polled table or query has already handed out at its checkpoint's value, so that a row arriving later
 * with that same value (a tie) is read, and the ones read are not read again: the source polls
 * {@code column >= checkpoint} and leaves these out. Each row is remembered by a digest of its values (two equal rows
 * are two digests), kept in the journal's checkpoint table beside the checkpoint and written in the same transaction,
 * so a crash neither loses nor repeats a row.
 *
 * <p>Stored under {@code <checkpoint> ties} (and {@code <checkpoint> ties 2}, … when one value has many rows): the
 * first holds a digest of the value they belong to and the number of pages, then the rows' digests; {@code <checkpoint>
 * ties by} names the columns they were remembered by. A checkpoint without them (written by a runner before ties were
 * kept), or with ties remembered by other columns (the endpoint's key or the table's primary key changed), takes the
 * rows at its value now as read, once, and keeps them as ties from then on. A value with more rows than {@link #MOST},
 * which are too many to re-read at every poll, is polled above it only, until it moves on.
 */
final class CheckpointTies {

	/** Rows remembered at one value at most: each poll reads them again, to leave them out. */
	static final int MOST = 1200;
	/** Digests of 16 hex digits per page: 120 of them and the header fit in the table's 2000 characters. */
	private static final int PER_PAGE = 120;
	private static final int DIGEST = 16;
	static final int MOST_PAGES = MOST / PER_PAGE;

	/**
	 * Rows read at a value, as digests; {@code tracked} is false where no later tie would be read. {@code rebased}
	 * names what the rows were remembered by where that is not this source's identity (the key or the primary key
	 * changed, or the journal is from before ties were kept): the rows at the value now are then taken as read.
	 * {@code changedSaid}: the log has told that rows at this value changed (once per value, across runs).
	 */
	record Seen(List<String> digests, boolean tracked, String rebased, boolean changedSaid) {

		static final Seen UNTRACKED = new Seen(List.of(), false);

		Seen(List<String> digests, boolean tracked) {
			this(digests, tracked, null, false);
		}

		/**
		 * How many of the rows read before are no longer found among {@code rows} (all the rows now at the value),
		 * given {@code unread} of them were not read before: deleted, or (where all values are the digest) changed.
		 */
		int gone(int rows, int unread) {
			return digests.size() - (rows - unread);
		}

		/** The rows at the value not read before, from all the rows the poll found at it. */
		<T> List<T> unread(List<T> rows, java.util.function.Function<T, String> digest) {
			List<String> left = new ArrayList<>(digests);
			List<T> unread = new ArrayList<>();
			for (T row : rows) {
				if (!left.remove(digest.apply(row))) {
					unread.add(row);
				}
			}
			return unread;
		}
	}

	private final String name;
	/** What the digests are of: empty for all of a row's values, else the identity columns' names. */
	private final String identity;
	/** The identity in words, kept beside the ties so that a later run can name what they were remembered by. */
	private final String described;

	/**
	 * @param checkpoint the checkpoint's own name, which the ties' names extend
	 * @param identity the columns that identify a row (none: all its values); ties kept by other columns than these
	 *            are not this source's (the endpoint's key changed), and the value is polled as without ties
	 */
	CheckpointTies(String checkpoint, List<String> identity) {
		this.name = checkpoint + " ties";
		this.identity = String.join(",", identity);
		this.described = identity.isEmpty() ? ALL_VALUES : String.join(", ", identity);
	}

	private static final String ALL_VALUES = "all of a row's values";

	/** What rows are told apart by, in words. */
	String identity() {
		return described;
	}

	/** The header's digest of the value the ties are at (and of the identity columns, where there are some). */
	private String header(String value) {
		return digest(identity.isEmpty() ? value : identity + " " + value);
	}

	/** What the journal remembers of the rows read at {@code mark}. */
	Seen load(Connection journal, String mark) throws SQLException {
		if (mark == null) {
			return Seen.UNTRACKED; // nothing read yet: the first poll reads every row with a value
		}
		String first = Journal.checkpoint(journal, page(0));
		if (first == null) {
			return new Seen(List.of(), true, "nothing (the journal is from before the runner kept them)", false);
		}
		if (!first.startsWith(header(mark) + " ")) {
			// Kept by other columns (or, after a downgrade, at another value): not this source's to leave rows out by.
			// Polling above the value only would never read a row given it later; the rows there now are taken as read.
			String by = Journal.checkpoint(journal, name + " by");
			return new Seen(List.of(), true, by != null ? by : first.startsWith(digest(mark) + " ") ? ALL_VALUES : "other columns", false);
		}
		String[] header = first.split(" ", 3);
		if (header[1].equals("full")) {
			return Seen.UNTRACKED;
		}
		boolean changedSaid = header(mark).equals(Journal.checkpoint(journal, name + " changed"));
		int pages = Integer.parseInt(header[1]);
		List<String> digests = new ArrayList<>();
		split(header.length > 2 ? header[2] : "", digests);
		for (int p = 1; p < pages; p++) {
			String more = Journal.checkpoint(journal, page(p));
			split(more == null ? "" : more, digests);
		}
		return new Seen(List.copyOf(digests), true, null, changedSaid);
	}

	/** Notes, in the caller's transaction, that the log has told of rows changed at {@code value}: it says so once. */
	void changedSaid(Connection journal, String value) throws SQLException {
		Journal.checkpoint(journal, name + " changed", header(value));
	}

	/**
	 * Writes, in the caller's transaction, the rows read at {@code value} (beside the checkpoint set to it);
	 * {@code before} is the number of pages written last, whose extras are removed.
	 *
	 * @return the number of pages written
	 */
	int store(Connection journal, String value, List<String> digests, int before) throws SQLException {
		Journal.checkpoint(journal, name + " by", described);
		if (digests.size() > MOST) {
			Journal.checkpoint(journal, page(0), header(value) + " full");
			removePages(journal, 1, before);
			return 1;
		}
		int pages = pages(digests.size());
		for (int p = 0; p < pages; p++) {
			String text = String.join("", digests.subList(p * PER_PAGE, Math.min(digests.size(), (p + 1) * PER_PAGE)));
			Journal.checkpoint(journal, page(p), p == 0 ? header(value) + " " + pages + " " + text : text);
		}
		removePages(journal, pages, before);
		return pages;
	}

	/** The pages that {@code rows} digests take. */
	static int pages(int rows) {
		return rows > MOST ? 1 : Math.max(1, (rows + PER_PAGE - 1) / PER_PAGE);
	}

	private void removePages(Connection journal, int from, int before) throws SQLException {
		for (int p = from; p < before; p++) {
			Journal.checkpoint(journal, page(p), null);
		}
	}

	private String page(int p) {
		return p == 0 ? name : name + " " + (p + 1);
	}

	private static void split(String text, List<String> into) {
		for (int i = 0; i + DIGEST <= text.length(); i += DIGEST) {
			into.add(text.substring(i, i + DIGEST));
		}
	}

	/** A short digest (64 bits of SHA-256): one value's rows would have to number billions to risk two alike. */
	static String digest(String text) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, DIGEST / 2);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java has SHA-256", e);
		}
	}
}
