package dev.isthmus.library.internal;

import java.util.ArrayList;
import java.util.List;

import dev.isthmus.library.FunctionDeclaration;

/** Collects the function groups, in the order the reference documents them. */
public final class Functions {

	private Functions() {
	}

	public static List<FunctionDeclaration> all() {
		List<FunctionDeclaration> all = new ArrayList<>();
		all.addAll(TextFunctions.all());
		all.addAll(NumberFunctions.all());
		all.addAll(MoneyFunctions.all());
		all.addAll(TimeFunctions.all());
		all.addAll(IdFunctions.all());
		all.addAll(CollectionFunctions.all());
		return List.copyOf(all);
	}
}
