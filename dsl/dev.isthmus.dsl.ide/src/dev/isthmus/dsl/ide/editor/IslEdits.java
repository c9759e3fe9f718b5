package dev.isthmus.dsl.ide.editor;

/** Turning a whole new text into the one edit that changes only what differs, so the caret and undo stay sane. */
final class IslEdits {

	private IslEdits() {
	}

	/** The smallest single edit turning {@code before} into {@code after}, or {@code null} when they are equal. */
	static IslEdit difference(String before, String after) {
		if (before.equals(after)) {
			return null;
		}
		int start = 0;
		int max = Math.min(before.length(), after.length());
		while (start < max && before.charAt(start) == after.charAt(start)) {
			start++;
		}
		int endBefore = before.length();
		int endAfter = after.length();
		while (endBefore > start && endAfter > start && before.charAt(endBefore - 1) == after.charAt(endAfter - 1)) {
			endBefore--;
			endAfter--;
		}
		return new IslEdit(start, endBefore - start, after.substring(start, endAfter));
	}
}
