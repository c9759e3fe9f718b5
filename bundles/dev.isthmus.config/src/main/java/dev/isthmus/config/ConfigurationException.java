package dev.isthmus.config;

import java.nio.file.Path;

/** A generated configuration that cannot be used, with the file and the JSON pointer of the problem. */
public final class ConfigurationException extends Exception {

	private static final long serialVersionUID = 1L;

	private final transient Path file;
	private final String pointer;

	public ConfigurationException(Path file, String pointer, String message, Throwable cause) {
		super(file + (pointer == null || pointer.isEmpty() ? "" : " at " + pointer) + ": " + message, cause);
		this.file = file;
		this.pointer = pointer;
	}

	public Path file() {
		return file;
	}

	/** The JSON pointer of the offending value, e.g. {@code /steps/2/ttl}; empty for the whole document. */
	public String pointer() {
		return pointer;
	}
}
