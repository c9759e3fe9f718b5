package dev.isthmus.dsl.validation;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.EnrichStep;
import dev.isthmus.dsl.isthmus.IsthmusPackage;

/**
 * Steps the language has and the runner, {@code isthmus test} and the simulator do not run yet: each is a warning
 * saying what happens instead. They were accepted without a word, and a flow calling an endpoint to enrich its
 * records delivered them without the field (review 21); the runner now refuses to start such a flow. ({@code
 * dead-letter into} was one too, until the runner sent the dead letters there: see DeadLetterEndpointValidator.)
 */
public class NotRunYetValidator extends AbstractDeclarativeValidator {

	public static final String NOT_RUN_YET = "dev.isthmus.dsl.notRunYet";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void enrichingByACall(EnrichStep step) {
		if (step.getEndpoint() != null) {
			warning("'enrich " + step.getField() + " with call …' is not run yet: the runner refuses to start with this flow in its"
					+ " configuration, and 'isthmus test'"
					+ " leaves " + step.getField() + " as it is; compute it with an expression (enrich " + step.getField() + " with …)",
					step, IsthmusPackage.Literals.ENRICH_STEP__ENDPOINT, NOT_RUN_YET);
		}
	}
}
