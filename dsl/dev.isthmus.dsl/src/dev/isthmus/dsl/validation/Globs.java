package dev.isthmus.dsl.validation;

/**
 * Whether two file name globs (the runner's {@code glob:} patterns) can match one name. Exact for {@code *},
 * {@code ?} and plain characters; a pattern with {@code [ ]}, {@code { }} or {@code \} is taken to overlap any
 * other, which errs on the side of saying so.
 */
final class Globs {

	private Globs() {
	}

	static boolean overlap(String a, String b) {
		if (special(a) || special(b)) {
			return true;
		}
		// reachable[i][j]: some name takes a to position i and b to position j at the same time.
		boolean[][] reachable = new boolean[a.length() + 1][b.length() + 1];
		reachable[0][0] = true;
		for (int i = 0; i <= a.length(); i++) {
			for (int j = 0; j <= b.length(); j++) {
				if (!reachable[i][j]) {
					continue;
				}
				boolean starA = i < a.length() && a.charAt(i) == '*';
				boolean starB = j < b.length() && b.charAt(j) == '*';
				if (starA) {
					reachable[i + 1][j] = true;
				}
				if (starB) {
					reachable[i][j + 1] = true;
				}
				if (i < a.length() && j < b.length() && !(starA && starB) && compatible(a.charAt(i), b.charAt(j))) {
					// One character of the name: a star stays where it is, anything else moves on.
					reachable[starA ? i : i + 1][starB ? j : j + 1] = true;
				}
			}
		}
		return reachable[a.length()][b.length()];
	}

	private static boolean compatible(char x, char y) {
		return x == '*' || y == '*' || x == '?' || y == '?' || x == y;
	}

	private static boolean special(String glob) {
		return glob.chars().anyMatch(c -> c == '[' || c == '{' || c == '\\');
	}
}
