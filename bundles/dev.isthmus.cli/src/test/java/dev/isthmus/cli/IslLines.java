package dev.isthmus.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Lines of .isl source that several test systems repeat, built here so that each system shows what is its own. */
final class IslLines {

	private IslLines() {
	}

	/**
	 * One file endpoint per name, named as its folder, reading {@code *.ndjson} files of {@code record}: lines for
	 * inside a system, without a line break after the last.
	 */
	static String ndjsonInboxes(String record, String... names) {
		return Arrays.stream(names).map(name -> "    endpoint " + name + " file \"" + name + "\" pattern \"*.ndjson\" receives " + record)
				.collect(Collectors.joining("\n"));
	}
}
