package dev.isthmus.runner.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.config.GeneratedProject;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * One runner per root: an operating-system lock on {@code <root>/.isthmus/runner.lock}, held while the runner runs.
 * The journal's lease keeps two runners off one journal, but two runners with different journals (one moved to a
 * server while the old one still ran) each read every file of the root's directories and delivered every record
 * twice. The lock goes with its process, so a runner killed with SIGKILL blocks no one: the file's existence means
 * nothing, only its lock does. The file names the holder, for the refusal a second runner gives.
 * <p>
 * {@code isthmus dlq} and {@code isthmus trace} read the journal, not the root's sources: they take no lock. Nor
 * does a run that does not use its root ({@link #usedBy}).
 */
final class RootLock implements AutoCloseable {

	static final String FILE = "runner.lock";

	/**
	 * What a runner leaves in the file it deletes as it stops. A runner that opened the file just before and locks it
	 * just after finds this instead of a holder: its lock is on a file no longer at the path, which guards nothing,
	 * so it opens the path again.
	 */
	private static final String DELETED = "deleted\n";

	/**
	 * The roots locked in this JVM, with their holders. Locks belong to the process: a second lock on the file in
	 * this JVM is refused by Java, not by the system, and closing a second channel to the file would drop the first
	 * one's lock. So a root held here is refused before its file is opened again.
	 */
	private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

	private final Path key;
	private final Path file;
	private final FileChannel channel;

	private RootLock(Path key, Path file, FileChannel channel) {
		this.key = key;
		this.file = file;
		this.channel = channel;
	}

	/** A run that does not use its root holds nothing: closing it does nothing. */
	static final RootLock NONE = new RootLock(null, null, null);

	/**
	 * Whether a run uses its root: a file endpoint (a source or a target), a {@code jdbc embedded} endpoint on the
	 * embedded data database ({@code <root>/.isthmus/data}, no {@code --data}), or the embedded journal (no
	 * {@code --journal}). Only then is the root locked. A runner with webhooks, HTTP and database servers only, and
	 * its journal on a server, writes nothing under its root, which may be read-only (the current directory of a
	 * service, say): taking the lock refused it ("cannot use the root directory"). Two such runners share nothing
	 * through the root, and the journal's lease still keeps them off one journal.
	 */
	static boolean usedBy(GeneratedProject project, RunnerOptions options) {
		if (options.journalUrl() == null) {
			return true;
		}
		for (JsonNode flow : project.flows().values()) {
			for (JsonNode endpoint : flow.path("endpoints")) {
				JsonNode transport = endpoint.path("transport");
				String kind = transport.path("kind").asText();
				boolean embedded = kind.equals("jdbc") && Endpoints.onDataDatabase(transport);
				if (kind.equals("file") || embedded && options.dataUrl() == null) {
					return true;
				}
			}
		}
		return false;
	}

	/** Locks {@code root} for {@code holder} ("process 123 on host, since …"), or says who holds it. */
	static RootLock take(Path root, String holder, NewFiles created) throws StartupException {
		Path shown = root.toAbsolutePath().normalize();
		Path directory = shown.resolve(".isthmus");
		Path key;
		try {
			created.noteDirectory(directory);
			key = Files.createDirectories(directory).toRealPath();
		} catch (IOException e) {
			throw new StartupException("cannot use the root directory " + shown + ": " + e + "; give a --root this user can write to");
		}
		String other = HELD.putIfAbsent(key, holder);
		if (other != null) {
			throw inUse(shown, other);
		}
		Path file = key.resolve(FILE);
		try {
			for (int attempt = 0; attempt < 10; attempt++) {
				FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
				FileLock lock;
				try {
					lock = channel.tryLock();
				} catch (OverlappingFileLockException e) {
					lock = null; // held in this JVM under another path to it (HELD knows roots by their real path)
				} catch (IOException e) {
					channel.close();
					throw e;
				}
				String found = read(channel);
				if (lock == null) {
					channel.close();
					throw inUse(shown, found.isBlank() || found.equals(DELETED) ? null : found.strip());
				}
				if (found.equals(DELETED)) {
					channel.close();
					continue;
				}
				write(channel, holder + "\n");
				return new RootLock(key, file, channel);
			}
			throw new IOException("its lock file " + file + " was deleted again and again while this runner took it");
		} catch (StartupException e) {
			HELD.remove(key);
			throw e;
		} catch (IOException e) {
			HELD.remove(key);
			throw new StartupException("cannot lock the root " + shown + " (" + e + "); the runner locks " + file
					+ " so that no second runner reads the same directories: give a --root whose .isthmus folder this user can write to");
		}
	}

	private static StartupException inUse(Path root, String holder) {
		return new StartupException("the root " + root + " is in use: another runner works on it"
				+ (holder == null ? "" : " (" + holder + ")") + ". Two runners on one root would each read every file of its"
				+ " directories and deliver every record twice, even with different journals: stop the other one, or give this one"
				+ " its own --root");
	}

	private static String read(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(1024);
		channel.read(buffer, 0);
		return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
	}

	private static void write(FileChannel channel, String text) throws IOException {
		channel.truncate(0);
		channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
		channel.force(false);
	}

	/** Unlocks the root and deletes the file: a refused start leaves the root as it was, a stopped runner no lock file. */
	@Override
	public void close() {
		if (channel == null) {
			return; // NONE
		}
		try {
			write(channel, DELETED);
			Files.deleteIfExists(file);
		} catch (IOException e) {
			// left as it is: without its lock the file stops no one
		}
		try {
			channel.close(); // releases the lock
		} catch (IOException e) {
			// closed or broken: either way its lock is gone
		}
		HELD.remove(key);
	}
}
