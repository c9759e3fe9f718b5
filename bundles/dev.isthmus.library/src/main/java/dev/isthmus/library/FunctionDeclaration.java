package dev.isthmus.library;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One function of the standard library, declared once: the type checker reads its parameters and result, the
 * documentation is generated from its doc, and the engine calls its implementation.
 *
 * @param group            the documentation section, e.g. {@code Money}
 * @param variadic         whether the last parameter repeats ({@code concat(a, b, c, …)})
 * @param nullPropagating  whether a {@code null} argument makes the result {@code null} without calling the
 *                         implementation (and an optional argument makes the result type optional)
 */
public record FunctionDeclaration(String name, String group, List<Parameter> parameters, boolean variadic,
		IslType result, String doc, boolean nullPropagating, Implementation implementation) {

	/** A named, typed parameter. */
	public record Parameter(String name, IslType type) {
	}

	/** What the engine runs. Arguments arrive as engine values; lambdas arrive as {@link Lambda}. */
	@FunctionalInterface
	public interface Implementation {
		Object apply(CallContext context, List<Object> arguments);
	}

	/** A lambda argument at run time. */
	@FunctionalInterface
	public interface Lambda {
		Object apply(Object argument);
	}

	/** {@code name(p: T, …): R}, as shown in hovers, content assist and the reference. */
	public String signature() {
		String params = parameters.stream().map(p -> p.name() + ": " + p.type().display())
				.collect(Collectors.joining(", "));
		return name + "(" + params + (variadic ? ", …" : "") + "): " + result.display();
	}

	/** Whether a call with this many arguments fits. */
	public boolean accepts(int argumentCount) {
		return variadic ? argumentCount >= parameters.size() : argumentCount == parameters.size();
	}

	/** The declared type of the argument at {@code index}, repeating the last one for variadic functions. */
	public IslType parameterType(int index) {
		return parameters.get(Math.min(index, parameters.size() - 1)).type();
	}
}
