package dev.isthmus.studio.internal.views;

import java.util.List;

/**
 * One target field of a mapping as the Mapping view shows it: the field, the rule's source expression, the field's
 * type and whether a rule fills it. Nested blocks, {@code each} and <code>+= { … }</code> rules carry the rows of
 * the object they fill as children.
 *
 * @param field      the target field's name
 * @param expression the rule's source expression as written (whitespace collapsed), a default as {@code = …}, or
 *                   the empty string
 * @param type       the field's declared type, e.g. {@code Decimal(2)}, {@code List<InvoiceLine>}
 * @param status     whether and how the field gets a value
 * @param offset     where a double-click jumps: the rule, or for a missing field the name of the mapping or block
 *                   that lacks it
 * @param length     the length of that place
 * @param facts      the rule's (or the field declaration's) properties
 * @param children   the rows of the object the rule fills, in the target's declaration order
 */
public record MappingRow(String field, String expression, String type, Status status, int offset, int length,
		ElementFacts facts, List<MappingRow> children) {

	/** How a target field gets its value. */
	public enum Status {
		/** A rule assigns, appends to or fills the field. */
		MAPPED("mapped"),
		/** No rule, but the field has a default or is optional: the record is valid without one. */
		DEFAULTED("defaulted"),
		/** No rule and the field is required: the validator reports the mapping. */
		MISSING("missing"),
		/** A rule names a field the target does not have. */
		UNKNOWN("no such field");

		private final String label;

		Status(String label) {
			this.label = label;
		}

		/** The word the view shows. */
		public String label() {
			return label;
		}
	}
}
