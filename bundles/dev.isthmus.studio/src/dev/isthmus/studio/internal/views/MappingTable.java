package dev.isthmus.studio.internal.views;

import java.util.List;

/**
 * The mapping under the caret, as the Mapping view shows it: its header and one row per target field.
 *
 * @param qualifiedName the mapping's qualified name, e.g. {@code acme.revenue.UsageEventToUsage}
 * @param source        the source shape's name as written, or the empty string
 * @param target        the target shape's name as written, or the empty string
 * @param headerOffset  where the mapping's name is written
 * @param headerLength  the name's length
 * @param rows          the target's fields in declaration order, then rules that name no field of it
 */
public record MappingTable(String qualifiedName, String source, String target, int headerOffset, int headerLength,
		List<MappingRow> rows) {

	/** The row of {@code field} at the top level, or {@code null}. */
	public MappingRow row(String field) {
		return rows.stream().filter(r -> r.field().equals(field)).findFirst().orElse(null);
	}
}
