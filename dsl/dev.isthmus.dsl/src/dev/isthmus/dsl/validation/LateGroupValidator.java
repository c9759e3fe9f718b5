package dev.isthmus.dsl.validation;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.AggregateStep;
import dev.isthmus.dsl.isthmus.Branch;
import dev.isthmus.dsl.isthmus.DeliverStep;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.IsthmusPackage;
import dev.isthmus.dsl.isthmus.JdbcTransport;
import dev.isthmus.dsl.isthmus.RouteStep;
import dev.isthmus.dsl.isthmus.Step;
import dev.isthmus.dsl.isthmus.Target;
import dev.isthmus.dsl.isthmus.WiretapStep;

/**
 * An aggregate's result sent to a table updated by its keys: records that arrive after their window has closed make a
 * group of their own (the runner has combined and sent the window's first records already), whose result goes out for
 * the same keys and window, and the table's row then holds the late records' result in place of the window's whole.
 * The runner says so when it happens ({@code window.late}); this says it where the flow is written, since such a
 * table loses records from its totals without anything failing.
 */
public class LateGroupValidator extends AbstractDeclarativeValidator {

	public static final String LATE_GROUP_REPLACES_ROW = "dev.isthmus.dsl.lateGroupReplacesRow";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void anAggregatesResultToAKeyedTable(Flow flow) {
		boolean aggregated = false;
		for (Step step : flow.getSteps()) {
			aggregated |= step instanceof AggregateStep;
			if (!aggregated) {
				continue;
			}
			switch (step) {
				case DeliverStep deliver -> deliver.getTargets().forEach(this::check);
				case WiretapStep wiretap -> check(wiretap.getTarget());
				case RouteStep route -> {
					for (Branch branch : route.getBranches()) {
						branch.getTargets().forEach(this::check);
					}
				}
				default -> {
				}
			}
		}
	}

	private void check(Target target) {
		Endpoint endpoint = target == null ? null : target.getEndpoint();
		if (endpoint == null || endpoint.eIsProxy() || !(endpoint.getTransport() instanceof JdbcTransport jdbc)
				|| jdbc.getTable() == null || jdbc.getKeyColumns().isEmpty()) {
			return;
		}
		warning(endpoint.getName() + " updates its table's row by " + String.join(", ", jdbc.getKeyColumns()) + ", and records that"
				+ " arrive after their window has closed (5 minutes past its end) make a group of their own: its result, the late"
				+ " records' alone, then takes the place of the window's in that row; leave out the table's 'key' so that each result"
				+ " is a row of its own (sum the rows of a window when reading them), or send the result where late records add up",
				target, IsthmusPackage.Literals.TARGET__ENDPOINT, LATE_GROUP_REPLACES_ROW);
	}
}
