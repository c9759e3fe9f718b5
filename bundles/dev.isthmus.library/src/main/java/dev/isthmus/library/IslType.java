package dev.isthmus.library;

import java.util.List;
import java.util.Objects;

/**
 * A type of the Isthmus expression language, shared by the type checker (which infers one for every expression)
 * and the engine (which evaluates what the checker accepted). Plain Java: the engine imports no Eclipse code.
 */
public sealed interface IslType {

	/** The built-in scalar kinds. Integer and Long are whole numbers, Decimal is exact (BigDecimal). */
	enum Kind {
		STRING, INTEGER, LONG, DECIMAL, BOOLEAN, DATE, TIMESTAMP, DURATION, CURRENCY
	}

	IslType STRING = new Scalar(Kind.STRING, null);
	IslType INTEGER = new Scalar(Kind.INTEGER, null);
	IslType LONG = new Scalar(Kind.LONG, null);
	IslType DECIMAL = new Scalar(Kind.DECIMAL, null);
	IslType BOOLEAN = new Scalar(Kind.BOOLEAN, null);
	IslType DATE = new Scalar(Kind.DATE, null);
	IslType TIMESTAMP = new Scalar(Kind.TIMESTAMP, null);
	IslType DURATION = new Scalar(Kind.DURATION, null);
	IslType CURRENCY = new Scalar(Kind.CURRENCY, null);
	/** The type of {@code null}: assignable to every optional type. */
	IslType NULL = new Null();
	/** The type of an expression that already has an error: compatible with everything, so errors do not cascade. */
	IslType ANY = new Any();

	/** How the type reads in messages, e.g. {@code Decimal(2)}, {@code List<InvoiceLine>}. */
	String display();

	/** A scalar; {@code scale} is the Decimal's number of fraction digits, {@code null} when not fixed. */
	record Scalar(Kind kind, Integer scale) implements IslType {
		public static Scalar decimal(int scale) {
			return new Scalar(Kind.DECIMAL, scale);
		}

		@Override
		public String display() {
			String name = kind.name().charAt(0) + kind.name().substring(1).toLowerCase(java.util.Locale.ROOT);
			return scale == null ? name : name + "(" + scale + ")";
		}

		/** Integer, Long and Decimal. */
		public boolean isNumeric() {
			return kind == Kind.INTEGER || kind == Kind.LONG || kind == Kind.DECIMAL;
		}
	}

	/** An enum of the project, by qualified name. */
	record EnumType(String name, List<String> literals) implements IslType {
		@Override
		public String display() {
			return simpleName(name);
		}
	}

	/**
	 * A model or record of the project, or a nested object of a record. The checker navigates its members through
	 * {@link Members}; the library only needs its name.
	 */
	record ObjectType(String name, Members members) implements IslType {
		@Override
		public String display() {
			return simpleName(name);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof ObjectType o && o.name.equals(name) && o.members.origin() == members.origin();
		}

		@Override
		public int hashCode() {
			return name.hashCode();
		}
	}

	/** The members of an object type, computed on demand (records can be large, models refer to each other). */
	interface Members {
		/** The member's type, or {@code null} if the object has no such member. */
		IslType member(String name);

		/** All member names, in declaration order (for "did you mean" and for unmapped-field checks). */
		List<String> names();

		/** What the members come from (the model or record declaration), for identity. */
		Object origin();
	}

	/** A list of elements. */
	record ListType(IslType element) implements IslType {
		@Override
		public String display() {
			return "List<" + element.display() + ">";
		}
	}

	/** A value that may be missing: {@code T?}. Never nested. */
	record OptionalType(IslType value) implements IslType {
		public OptionalType {
			Objects.requireNonNull(value);
			if (value instanceof OptionalType) {
				throw new IllegalArgumentException("nested optional");
			}
		}

		@Override
		public String display() {
			return value.display() + "?";
		}
	}

	/** The type of a lambda argument, {@code x -> …}. */
	record FunctionType(List<IslType> parameters, IslType result) implements IslType {
		@Override
		public String display() {
			return "(" + String.join(", ", parameters.stream().map(IslType::display).toList()) + ") -> "
					+ result.display();
		}
	}

	/**
	 * A placeholder in a library signature, e.g. the {@code T} of {@code first(List<T>): T?}; a numeric one only
	 * stands for Integer, Long or Decimal.
	 */
	record Variable(String name, boolean numeric) implements IslType {
		@Override
		public String display() {
			return name;
		}
	}

	/** See {@link IslType#NULL}. */
	record Null() implements IslType {
		@Override
		public String display() {
			return "null";
		}
	}

	/** See {@link IslType#ANY}. */
	record Any() implements IslType {
		@Override
		public String display() {
			return "any";
		}
	}

	/** This type without its optional marker. */
	default IslType required() {
		return this instanceof OptionalType o ? o.value() : this;
	}

	/** This type, optional. */
	default IslType optional() {
		return this instanceof OptionalType || this instanceof Null || this instanceof Any ? this : new OptionalType(this);
	}

	default boolean isOptional() {
		return this instanceof OptionalType || this instanceof Null;
	}

	private static String simpleName(String qualified) {
		int dot = qualified.lastIndexOf('.');
		return dot < 0 ? qualified : qualified.substring(dot + 1);
	}
}
