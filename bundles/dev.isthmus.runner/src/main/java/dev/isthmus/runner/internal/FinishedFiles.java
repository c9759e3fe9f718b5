package dev.isthmus.runner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;

/**
 * The files a {@link FileSource} is done with, moved out of its directory: one read to its end (and unchanged
 * since) to {@code done/}, one that cannot be read, or must not be, to {@code failed/} with a note beside it. Its
 * checkpoint goes once it has moved.
 */
final class FinishedFiles {

	/** The folders of the source's directory files move to. */
	static final java.util.List<String> FOLDERS = java.util.List.of("done", "failed");

	private final String flow;
	private final String endpoint;
	private final Path directory;
	private final Roots roots;
	private final JsonLog log;
	private final WaitingFiles waiting;
	/** Where the files moved to failed/ are told, for the run's summary. */
	private final UnreadFiles unread;
	/**
	 * The files moved lately, by where they went, with their size then: a producer that paused longer than the quiet
	 * time and wrote on, into the file now in done/, lost what it wrote there without a word (review 26). Looked at
	 * for {@link #WATCHED} after the move, at most every second; the newest {@link #MOST} only.
	 */
	private final java.util.LinkedHashMap<Path, Moved> moved = new java.util.LinkedHashMap<>();
	private long nextWatch = System.nanoTime();
	static final java.time.Duration WATCHED = java.time.Duration.ofMinutes(10);
	static final int MOST = 1_000;

	private record Moved(Path from, long size, long at) {
	}

	FinishedFiles(String flow, String endpoint, Path directory, Roots roots, JsonLog log, WaitingFiles waiting, UnreadFiles unread) {
		this.unread = unread;
		this.flow = flow;
		this.endpoint = endpoint;
		this.directory = directory;
		this.roots = roots;
		this.log = log;
		this.waiting = waiting;
	}

	/**
	 * Whether the file read to its end is still the one that was read, as it was, so that moving it to done/ loses
	 * nothing. A producer may have replaced it meanwhile (a new file renamed over the name): the new one is read from
	 * its start, and not moved unread. Or it may have written more to it: the checkpoint keeps the lines read, and the
	 * rest is read once the file is quiet again (see {@link FilePrint}).
	 */
	boolean unchanged(Connection c, Path file, String name, FilePrint read, long reached) {
		FilePrint now;
		try {
			now = FilePrint.of(file);
		} catch (IOException e) {
			// Gone (moved away by someone else): nothing to move. Its checkpoint goes with it.
			now = null;
		}
		if (now != null && now.unchangedSince(read)) {
			return true;
		}
		boolean replaced = now == null || !now.continues(read);
		Journal.WRITES.lock();
		try {
			// The file as it is now, all read so far: one cut shorter before it is opened again is another file.
			Journal.checkpoint(c, name, replaced ? null : now.mark(reached));
			c.commit();
		} catch (Exception e) {
			Journal.rollback(c);
			// The checkpoint stays at the end of what was read: the changed file is read again from its start, its
			// records refused as duplicates where the flow is idempotent.
			log.error("file.checkpoint-failed", "flow", flow, "file", roots.root().relativize(file), "reason", String.valueOf(e));
		} finally {
			Journal.WRITES.unlock();
		}
		if (now == null) {
			// not "replaced": no file took its name (review 26)
			log.warn("file.gone", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "reason",
					"it was removed or moved away while it was read (" + reached + " lines read); what was read is journaled");
		} else if (replaced) {
			log.warn("file.replaced", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "reason",
					"another file took its name while it was read; the one read is journaled, the new one is read from its start");
		} else {
			log.warn("file.changed", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "reason",
					"it changed while it was read (" + reached + " lines read); the rest is read once it has been quiet for "
							+ waiting.quiet().toSeconds() + " s", "action", "write files under a .tmp or hidden name and rename them when complete");
		}
		return false;
	}

	void finish(Connection c, Path file, String name, String to) {
		finish(c, file, name, to, null);
	}

	/**
	 * After the commit: the file moves out of the way, then its checkpoint goes (a crash between is harmless). A file
	 * that cannot be moved keeps its checkpoint, which is at its end, so that nothing of it is read again.
	 */
	void finish(Connection c, Path file, String name, String to, String reason) {
		Journal.WRITES.lock();
		try {
			try {
				if (!move(file, to, reason)) {
					waiting.stick(file);
					return;
				}
				Journal.checkpoint(c, name, null);
				c.commit();
			} catch (Exception e) {
				log.error("file.move-failed", "flow", flow, "file", file, "reason", String.valueOf(e));
			}
		} finally {
			Journal.WRITES.unlock();
		}
	}

	/**
	 * Says of a file moved lately that it has grown since (see {@link #moved}): what was written after the move is not
	 * read, and the log says so once, with what to do.
	 */
	void watchMoved() {
		// The move is done after a commit, on the journal's thread or the flow's; the look, on the flow's.
		synchronized (moved) {
			watchMovedNow();
		}
	}

	private void watchMovedNow() {
		long now = System.nanoTime();
		if (moved.isEmpty() || now - nextWatch < 0) {
			return;
		}
		nextWatch = now + 1_000_000_000L;
		for (java.util.Iterator<java.util.Map.Entry<Path, Moved>> i = moved.entrySet().iterator(); i.hasNext();) {
			java.util.Map.Entry<Path, Moved> entry = i.next();
			Moved m = entry.getValue();
			long size;
			try {
				size = Files.size(entry.getKey());
			} catch (IOException e) {
				i.remove(); // moved on or removed by someone: not ours to follow
				continue;
			}
			if (size != m.size()) {
				i.remove();
				log.error("file.grew-after-move", "flow", flow, "endpoint", endpoint, "file", roots.shown(entry.getKey()), "was",
						roots.shown(m.from()), "bytes", m.size() + " -> " + size, "reason", "its producer wrote to it after it was read and"
								+ " moved: it had paused for longer than the quiet time (" + waiting.quiet().toSeconds() + " s), and what it wrote"
								+ " since is not read",
						"action", "move the file back into " + roots.shown(directory) + " to have it read again (the flow's idempotency key"
								+ " skips the records read already; without one they go again); have the producer write under a .tmp or hidden"
								+ " name and rename the file when it is complete");
			} else if (now - m.at() > WATCHED.toNanos()) {
				i.remove();
			}
		}
	}

	/** Moves a file to done/ or failed/; says whether it could. */
	boolean move(Path file, String to, String reason) {
		Path dir = directory.resolve(to);
		Path target = dir.resolve(file.getFileName());
		String left = "done".equals(to) ? "its records are journaled; it stays where it is and is not read again"
				: "it stays where it is until the runner starts again";
		// Checked at each move: the source's directory or its done/ or failed/ may have become a link out of the root
		// since the start. dir lies under the directory, so one check covers both the file and where it goes.
		Path leads = roots.outside(dir);
		if (leads != null) {
			log.error("file.move-refused", "flow", flow, "endpoint", endpoint, "file", roots.shown(file), "to", roots.shown(dir), "reason",
					roots.leadsOutside(dir, leads), "action", left + "; " + roots.putBack(dir) + ", and the next start moves the file");
			return false;
		}
		try {
			Files.createDirectories(dir);
			for (int i = 1; Files.exists(target); i++) {
				target = dir.resolve(file.getFileName() + "." + i);
			}
			long size = Files.size(file);
			Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
			synchronized (moved) {
				moved.put(target, new Moved(file, size, System.nanoTime()));
				if (moved.size() > MOST) {
					moved.remove(moved.keySet().iterator().next());
				}
			}
		} catch (IOException e) {
			log.error("file.move-failed", "flow", flow, "file", roots.root().relativize(file), "to", roots.root().relativize(dir), "reason",
					String.valueOf(e), "action", left + "; make " + roots.root().relativize(dir)
							+ " a directory the runner may write to, and the next start moves the file");
			return false;
		}
		if ("failed".equals(to)) {
			unread.add(new dev.isthmus.runner.RunSummary.UnreadFile(slashed(roots.shown(file)), slashed(roots.shown(dir)),
					reason == null ? "" : reason));
		}
		if (reason != null) {
			Path note = dir.resolve(target.getFileName() + ".reason.txt");
			try {
				Files.writeString(note, reason + System.lineSeparator());
			} catch (IOException e) {
				log.error("file.note-failed", "flow", flow, "file", note, "reason", String.valueOf(e), "note", reason);
			}
		}
		return true;
	}

	private static String slashed(String path) {
		return path.replace('\\', '/');
	}
}
