package dev.isthmus.library;

/** "a String", "an Integer", "an OrderStatus": a type's name as a message says it after "is". */
public final class Articles {

	private Articles() {
	}

	/** The name with its article: "an" before a vowel ("an Integer", "an any"), "a" otherwise. */
	public static String a(String name) {
		return (!name.isEmpty() && "AEIOUaeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
	}
}
