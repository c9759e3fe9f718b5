package dev.isthmus.dsl.validation;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.DeadLetterPolicy;
import dev.isthmus.dsl.isthmus.Direction;
import dev.isthmus.dsl.isthmus.IsthmusPackage;
import dev.isthmus.dsl.isthmus.ObjectShape;
import dev.isthmus.dsl.isthmus.Record;
import dev.isthmus.dsl.isthmus.RecordField;
import dev.isthmus.dsl.isthmus.ScalarShape;
import dev.isthmus.dsl.isthmus.ShapeType;
import dev.isthmus.library.DeadLetterFields;

/**
 * The record of a {@code dead-letter into} endpoint: the runner sends each dead letter there as a record of that
 * shape, filled from what the dead letter says ({@link DeadLetterFields}). A field no dead letter has, of another kind,
 * or required where not every dead letter has it, would make every such record fail at the endpoint; each is an error
 * at the policy, naming the field and what to declare.
 */
public class DeadLetterEndpointValidator extends AbstractDeclarativeValidator {

	public static final String DEAD_LETTER_RECORD = "dev.isthmus.dsl.deadLetterRecord";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void recordOfTheEndpoint(DeadLetterPolicy policy) {
		if (policy.getEndpoint() == null || policy.getEndpoint().eIsProxy() || policy.getEndpoint().getDirection() == Direction.RECEIVES) {
			return; // (an endpoint that only receives is FlowValidator's error)
		}
		Record record = policy.getEndpoint().getRecord();
		if (record == null || record.eIsProxy()) {
			return;
		}
		for (RecordField field : record.getFields()) {
			String problem = problem(field);
			if (problem != null) {
				error(policy.getEndpoint().getName() + " receives the flow's dead letters as " + record.getName() + " records, whose field "
						+ problem, policy, IsthmusPackage.Literals.DEAD_LETTER_POLICY__ENDPOINT, DEAD_LETTER_RECORD);
			}
		}
	}

	/** What is wrong with {@code field} as a dead letter's, or {@code null}. */
	private static String problem(RecordField field) {
		DeadLetterFields.Field known = DeadLetterFields.named(field.getName());
		if (known == null) {
			return "'" + field.getName() + "' is nothing a dead letter says; remove it, or declare one of " + DeadLetterFields.names();
		}
		DeadLetterFields.Kind kind = kind(field.getType());
		if (kind == null || !known.kinds().contains(kind)) {
			return "'" + field.getName() + "' is " + known.meaning() + ": declare it as " + known.kindsWritten() + " ('" + field.getName() + " : "
					+ known.kinds().get(0).written + (field.isOptional() ? "?" : "") + "')";
		}
		if (!field.isOptional() && !known.always().contains(kind)) {
			return "'" + field.getName() + "' (" + known.meaning() + ") is not in every dead letter" + (known.always().isEmpty() ? ""
					: " as " + kind.written) + ": declare it optional ('" + field.getName() + " : " + kind.written + "?')";
		}
		return null;
	}

	/** The kind of a declared field as a dead letter's field goes into it, or {@code null} for one none does. */
	private static DeadLetterFields.Kind kind(ShapeType type) {
		if (type instanceof ObjectShape object) {
			return object.getFields().isEmpty() ? DeadLetterFields.Kind.OBJECT : null;
		}
		if (type instanceof ScalarShape scalar) {
			return switch (scalar.getKind()) {
				case STRING -> DeadLetterFields.Kind.STRING;
				case INTEGER -> DeadLetterFields.Kind.INTEGER;
				case TIMESTAMP -> DeadLetterFields.Kind.TIMESTAMP;
				default -> null;
			};
		}
		return null;
	}
}
