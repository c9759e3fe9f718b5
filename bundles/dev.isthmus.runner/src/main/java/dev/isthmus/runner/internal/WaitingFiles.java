package dev.isthmus.runner.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a file source's directory that are ready to be read, in name order: regular files that match the
 * pattern and are neither hidden nor {@code .tmp}, have been left unchanged long enough, and are neither stuck (read
 * to their end, but not movable out of the way) nor waiting to be opened again after failing to open.
 */
final class WaitingFiles {

	/**
	 * How long a file must have been left unchanged before it is read: a file is read to its end and moved to done/,
	 * so one still being written (copied in place, uploaded) would lose what comes after. Producers that write a
	 * file under a hidden or .tmp name and rename it need no wait, but not every producer does.
	 */
	static final Duration QUIET = Duration.ofSeconds(2);

	private static final Duration RETRY_OPEN = Duration.ofMinutes(1);

	/**
	 * How long a file of lines (NDJSON, CSV) whose last line has no line break yet must have been left unchanged: its
	 * producer is most likely in the middle of writing it. A producer pausing there longer than {@link #QUIET} had its
	 * half line read as a dead letter, the file moved to done/, and what it wrote after lost there (review 20).
	 */
	static final Duration UNFINISHED_QUIET = Duration.ofSeconds(60);

	/** Whether the files are lines (NDJSON, CSV), whose last line ends with a line break once written whole. */
	/** Which files are lines (NDJSON, CSV), whose last line not ended yet waits ({@link #awaitLastLineBreak}). */
	private java.util.function.Predicate<Path> lines = file -> false;
	/** The files said in the log to wait for their last line's break, so that each is said once. */
	private final java.util.Set<Path> saidUnfinished = new java.util.HashSet<>();

	private final String flow;
	private final String endpoint;
	private final Path directory;
	private final PathMatcher pattern;
	private final Roots roots;
	private final JsonLog log;
	private final Duration quiet;
	/**
	 * Files read to their end that could not be moved out of the way: left alone until the next start, with their
	 * checkpoint at their end, rather than opened again (and again) in this one.
	 */
	private final Map<Path, String> stuck = new HashMap<>();
	/** Files that could not be opened (a passing condition, perhaps: too many open files), and when to try again. */
	private final Map<Path, Instant> retryAt = new HashMap<>();
	/** The files waiting to be quiet at the last look at the directory. */
	private Map<Path, Seen> watching = new HashMap<>();

	/** A file seen changing, and since when it has been as it is (see {@link #quietSince}). */
	private record Seen(String print, Instant since, boolean future) {
	}

	WaitingFiles(String flow, String endpoint, Path directory, String pattern, Roots roots, JsonLog log, Duration quiet) {
		this.flow = flow;
		this.endpoint = endpoint;
		this.directory = directory;
		this.pattern = FileSystems.getDefault().getPathMatcher("glob:" + (pattern == null || pattern.isEmpty() ? "*" : pattern));
		this.roots = roots;
		this.log = log;
		this.quiet = quiet;
	}

	/**
	 * Which files are lines (NDJSON, CSV): one whose last line is not ended yet waits longer ({@link #UNFINISHED_QUIET}).
	 * By file, as the file's name says: an endpoint of JSON records reads its {@code .ndjson} files by lines (they did
	 * not wait, and a line cut short by a pausing writer became a dead letter, the rest of it lost: review 26).
	 */
	void awaitLastLineBreak(java.util.function.Predicate<Path> inLines) {
		lines = inLines;
	}

	/** How long a file must have been unchanged before it is read (zero: at once). */
	Duration quiet() {
		return quiet;
	}

	/** Where the directory led when it was last found leading outside the root, so that it is logged once, not at each look. */
	private Path refusedAt;

	/** The files ready to be read now, in name order; none while the directory leads outside the root. */
	List<Path> list() throws IOException {
		// Once a look: the directory checked at the start may have been replaced by a symbolic link since.
		Path leads = roots.outside(directory);
		if (leads != null) {
			if (!leads.equals(refusedAt)) {
				log.error("file.directory-refused", "flow", flow, "endpoint", endpoint, "directory", roots.shown(directory), "reason",
						roots.leadsOutside(directory, leads), "action", roots.putBack(directory) + "; its files are read once it is back");
				refusedAt = leads;
			}
			watching = new HashMap<>();
			return List.of();
		}
		if (refusedAt != null) {
			log.info("file.directory-back", "flow", flow, "endpoint", endpoint, "directory", roots.shown(directory));
			refusedAt = null;
		}
		List<Path> waiting = new ArrayList<>();
		Map<Path, Seen> seenNow = new HashMap<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path f : files) {
				String n = f.getFileName().toString();
				// Regular files only: opening a named pipe would wait for a writer, and hold the flow with it.
				if (!n.startsWith(".") && !n.endsWith(".tmp") && pattern.matches(f.getFileName()) && Files.isRegularFile(f)
						&& !isStuck(f) && quietSince(f, seenNow) && !retryAt.getOrDefault(f, Instant.MIN).isAfter(Instant.now())) {
					waiting.add(f);
				}
			}
		} finally {
			// Only the files still there: the rest are forgotten.
			watching = seenNow;
		}
		waiting.sort(null);
		return waiting;
	}

	/** Leaves a file that could not be moved alone, as long as it is that file (a new one by its name is read). */
	void stick(Path file) {
		stuck.put(file, printOf(file));
	}

	private boolean isStuck(Path file) {
		String print = stuck.get(file);
		return print != null && print.equals(printOf(file));
	}

	/**
	 * A file could not be opened: it is left where it is and tried again in a minute. The cause may pass (too many
	 * open files, a mode its producer has yet to set), and a good file must not need moving back by hand.
	 */
	void retryLater(Path file, IOException e) {
		retryAt.put(file, Instant.now().plus(RETRY_OPEN));
		log.error("file.unopened", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "reason", String.valueOf(e),
				"action", "tried again in " + RETRY_OPEN.toSeconds() + " s; make it readable by the runner");
	}

	/** A file has been opened: an earlier failure to open it is forgotten. */
	void opened(Path file) {
		retryAt.remove(file);
	}

	/** A file's size and time, which change when it is written to; empty for a file gone. */
	static String printOf(Path file) {
		try {
			return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
		} catch (IOException e) {
			return "";
		}
	}

	/**
	 * Whether the file has not changed for {@link #quiet}; a file gone meanwhile is not. Its time says so, or, for a
	 * time in the future (another machine's clock, a copy that kept its times), the runner seeing it unchanged that
	 * long: such a file would otherwise wait, without a word, until its time came.
	 */
	private boolean quietSince(Path file, Map<Path, Seen> seenNow) {
		if (quiet.isZero()) {
			return true;
		}
		// The wall clock, not the runner's clock (a test's may stand still): file times are the wall clock's.
		Instant now = Instant.now();
		Instant modified;
		try {
			modified = Files.getLastModifiedTime(file).toInstant();
		} catch (IOException e) {
			return false;
		}
		if (modified.plus(quiet).isBefore(now)) {
			return finished(file, modified, now);
		}
		String print = printOf(file);
		Seen seen = watching.get(file);
		if (seen == null || !seen.print().equals(print)) {
			boolean future = modified.isAfter(now.plus(quiet));
			if (future && (seen == null || !seen.future())) {
				log.warn("file.future-time", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "modified",
						modified.toString(), "reason", "its time is ahead of this machine's clock; it is read once it has stayed unchanged for "
								+ quiet.toSeconds() + " s", "action", "check the clocks of the machines that write the directory");
			}
			seen = new Seen(print, now, future || seen != null && seen.future());
		}
		seenNow.put(file, seen);
		return !seen.since().plus(quiet).isAfter(now) && finished(file, seen.future() ? seen.since() : modified, now);
	}

	/**
	 * Whether a quiet file is whole: for lines, one whose last line is not ended waits until it has been left so for
	 * {@link #UNFINISHED_QUIET} (then it is read as it is, its last line a dead letter if it is not a record).
	 */
	private boolean finished(Path file, Instant since, Instant now) {
		if (!lines.test(file) || !since.plus(UNFINISHED_QUIET).isAfter(now) || endsWithLineBreak(file)) {
			saidUnfinished.remove(file);
			return true;
		}
		if (saidUnfinished.add(file)) {
			log.info("file.unfinished", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "reason", "its last line"
					+ " has no line break yet: it is read once it has stayed so for " + UNFINISHED_QUIET.toSeconds() + " s", "action",
					"write files under a hidden or .tmp name and rename them when whole, and they are read at once");
		}
		return false;
	}

	/** Whether the file is empty or ends with a line break ('\n' in UTF-8 and the like, or in UTF-16LE). */
	private static boolean endsWithLineBreak(Path file) {
		try (java.nio.channels.SeekableByteChannel in = Files.newByteChannel(file)) {
			long size = in.size();
			if (size == 0) {
				return true;
			}
			java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate((int) Math.min(2, size));
			in.position(size - last.capacity());
			while (last.hasRemaining() && in.read(last) >= 0) {
				// read the last bytes whole
			}
			byte end = last.get(last.capacity() - 1);
			return end == '\n' || end == 0 && last.capacity() == 2 && last.get(0) == '\n';
		} catch (IOException e) {
			return true; // read as it is: opening it says what is wrong
		}
	}
}
