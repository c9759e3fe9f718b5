package dev.isthmus.engine;

/** An expression compiled once from its configuration tree, evaluated per record. */
@FunctionalInterface
public interface Compiled {

	/**
	 * @throws RecordError when this record cannot be evaluated (never for another reason)
	 */
	Object evaluate(Evaluation evaluation);
}
