package dev.isthmus.library.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.isthmus.library.FunctionDeclaration;
import dev.isthmus.library.FunctionDeclaration.Implementation;
import dev.isthmus.library.FunctionDeclaration.Parameter;
import dev.isthmus.library.IslType;

/** Reads like the declaration it builds: {@code fn("upper").param("text", STRING).returns(STRING).doc(…).does(…)}. */
final class Declare {

	private final String name;
	private final String group;
	private final List<Parameter> parameters = new ArrayList<>();
	private boolean variadic;
	private IslType result;
	private String doc;
	private boolean nullPropagating = true;

	private Declare(String group, String name) {
		this.group = group;
		this.name = name;
	}

	static Declare fn(String group, String name) {
		return new Declare(group, name);
	}

	Declare param(String parameter, IslType type) {
		parameters.add(new Parameter(parameter, type));
		return this;
	}

	/** The last parameter may repeat. */
	Declare variadic() {
		variadic = true;
		return this;
	}

	Declare returns(IslType type) {
		result = type;
		return this;
	}

	Declare doc(String text) {
		doc = text;
		return this;
	}

	/** The implementation sees null arguments itself (e.g. to treat them as absent). */
	Declare keepsNulls() {
		nullPropagating = false;
		return this;
	}

	FunctionDeclaration does(Implementation implementation) {
		if (result == null || doc == null) {
			throw new IllegalStateException(name + ": every library function declares its result and doc");
		}
		return new FunctionDeclaration(name, group, List.copyOf(parameters), variadic, result, doc, nullPropagating,
				implementation);
	}

	/** One argument. */
	FunctionDeclaration does1(Function<Object, Object> implementation) {
		return does((context, args) -> implementation.apply(args.get(0)));
	}

	/** Two arguments. */
	FunctionDeclaration does2(BiFunction<Object, Object, Object> implementation) {
		return does((context, args) -> implementation.apply(args.get(0), args.get(1)));
	}
}
