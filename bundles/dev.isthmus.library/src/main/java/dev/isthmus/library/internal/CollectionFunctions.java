package dev.isthmus.library.internal;

import static dev.isthmus.library.IslType.BOOLEAN;
import static dev.isthmus.library.IslType.LONG;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.isthmus.library.FunctionDeclaration;
import dev.isthmus.library.FunctionDeclaration.Lambda;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.FunctionType;
import dev.isthmus.library.IslType.ListType;

/** Lists: counting, picking, filtering, transforming, summing and grouping. */
final class CollectionFunctions {

	private static final String GROUP = "Lists";
	private static final IslType T = new IslType.Variable("T", false);
	private static final IslType U = new IslType.Variable("U", false);
	private static final IslType N = new IslType.Variable("N", true);
	private static final IslType LIST_T = new ListType(T);

	private CollectionFunctions() {
	}

	static List<FunctionDeclaration> all() {
		return List.of(
				fn("count").param("list", LIST_T).returns(LONG)
						.doc("The number of elements.")
						.does1(list -> (long) list(list).size()),
				fn("isEmpty").param("list", LIST_T).returns(BOOLEAN)
						.doc("Whether the list has no elements.")
						.does1(list -> list(list).isEmpty()),
				fn("first").param("list", LIST_T).returns(T.optional())
						.doc("The first element, or null for an empty list.")
						.does1(list -> list(list).isEmpty() ? null : list(list).get(0)),
				fn("last").param("list", LIST_T).returns(T.optional())
						.doc("The last element, or null for an empty list.")
						.does1(list -> list(list).isEmpty() ? null : list(list).get(list(list).size() - 1)),
				fn("filter").param("list", LIST_T).param("keep", new FunctionType(List.of(T), BOOLEAN)).returns(LIST_T)
						.doc("The elements for which keep is true: filter(lines, l -> l.amount > 0).")
						.does2((list, keep) -> list(list).stream().filter(e -> Boolean.TRUE.equals(((Lambda) keep).apply(e)))
								.toList()),
				fn("map").param("list", LIST_T).param("transform", new FunctionType(List.of(T), U))
						.returns(new ListType(U))
						.doc("Each element transformed: map(lines, l -> l.sku).")
						.does2((list, transform) -> list(list).stream().map(e -> ((Lambda) transform).apply(e)).toList()),
				fn("sum").param("values", new ListType(N)).returns(N)
						.doc("The sum of the numbers; 0 for an empty list. Missing values are skipped.")
						.does1(values -> sum(list(values))),
				fn("sum").param("list", LIST_T).param("value", new FunctionType(List.of(T), N)).returns(N)
						.doc("The sum of value over the elements: sum(lines, l -> l.amount).")
						.does2((list, value) -> sum(list(list).stream().map(e -> ((Lambda) value).apply(e)).toList())),
				fn("groupBy").param("list", LIST_T).param("key", new FunctionType(List.of(T), U))
						.returns(new ListType(LIST_T))
						.doc("The elements grouped by key, groups in order of first appearance.")
						.does2((list, key) -> {
							Map<Object, List<Object>> groups = new LinkedHashMap<>();
							for (Object e : list(list)) {
								groups.computeIfAbsent(((Lambda) key).apply(e), k -> new java.util.ArrayList<>()).add(e);
							}
							return List.copyOf(groups.values());
						}));
	}

	private static Declare fn(String name) {
		return Declare.fn(GROUP, name);
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (List<Object>) value;
	}

	/** Longs stay Longs (exact, overflow fails); one Decimal makes the sum a Decimal. */
	private static Object sum(List<Object> values) {
		boolean decimal = values.stream().anyMatch(v -> v instanceof BigDecimal);
		if (decimal) {
			return values.stream().filter(v -> v != null).map(NumberFunctions::decimal).reduce(BigDecimal.ZERO,
					BigDecimal::add);
		}
		return values.stream().filter(v -> v != null).mapToLong(v -> ((Number) v).longValue())
				.reduce(0L, Math::addExact);
	}
}
