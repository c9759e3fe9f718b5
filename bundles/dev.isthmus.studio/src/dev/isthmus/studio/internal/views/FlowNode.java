package dev.isthmus.studio.internal.views;

import java.util.List;

/**
 * One line of the Flow view's tree: the source and its parts, a step, a route branch, a target, a policy.
 *
 * @param label    what it is, in the language's keyword, e.g. {@code from}, {@code idempotent}, {@code when}
 * @param detail   its particulars as written, e.g. {@code key eventId, ttl 7d}
 * @param offset   where it is written (a double-click selects it)
 * @param length   the length of that text
 * @param facts    the model element's properties
 * @param children the parts it contains, in text order
 */
public record FlowNode(String label, String detail, int offset, int length, ElementFacts facts, List<FlowNode> children) {

	/** {@code label detail}, as the tree shows it and as tests find it. */
	public String text() {
		return detail.isEmpty() ? label : label + " " + detail;
	}
}
