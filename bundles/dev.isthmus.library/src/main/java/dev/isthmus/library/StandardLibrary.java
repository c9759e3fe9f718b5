package dev.isthmus.library;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.isthmus.library.internal.Functions;

/**
 * The standard library of the Isthmus expression language: every function declared once, read by the type
 * checker, the documentation generator and the engine.
 *
 * <p>Engine values: Integer and Long are {@link Long}, Decimal is {@link java.math.BigDecimal}, Date is
 * {@link java.time.LocalDate}, Timestamp is {@link java.time.Instant}, Duration is {@link java.time.Duration},
 * Currency is an upper-case ISO 4217 {@link String}, enum literals are their name, lists are {@link List}s and
 * objects {@link Map}s.
 */
public final class StandardLibrary {

	private static final List<FunctionDeclaration> ALL = Functions.all();
	private static final Map<String, List<FunctionDeclaration>> BY_NAME = ALL.stream()
			.collect(Collectors.groupingBy(FunctionDeclaration::name));

	private StandardLibrary() {
	}

	/** Every function, in documentation order. */
	public static List<FunctionDeclaration> all() {
		return ALL;
	}

	/** The declarations of one name (several when overloaded by arity), empty if there is no such function. */
	public static List<FunctionDeclaration> named(String name) {
		return BY_NAME.getOrDefault(name, List.of());
	}

	/** The declaration of {@code name} that takes {@code argumentCount} arguments, or {@code null}. */
	public static FunctionDeclaration resolve(String name, int argumentCount) {
		return named(name).stream().filter(f -> f.accepts(argumentCount)).findFirst().orElse(null);
	}

	/** All function names, for "did you mean" and content assist. */
	public static List<String> names() {
		return BY_NAME.keySet().stream().sorted().toList();
	}
}
