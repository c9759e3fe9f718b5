package dev.isthmus.cli.internal;

/** Commands the CLI prints for the user to paste: their arguments quoted for a POSIX shell. */
final class ShellWords {

	private ShellWords() {
	}

	/**
	 * {@code value} as one word for a POSIX shell: as it is when it has only characters no shell treats specially (a
	 * {@code #} too, except first, where it would start a comment), else in single quotes, a quote in it as {@code '\''}.
	 */
	static String word(String value) {
		if (value.matches("[A-Za-z0-9_./:=@%+-][A-Za-z0-9_./:=@%+#-]*")) {
			return value;
		}
		return "'" + value.replace("'", "'\\''") + "'";
	}
}
