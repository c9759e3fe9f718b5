package dev.isthmus.dsl.validation;

import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.DeliverStep;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.MapStep;
import dev.isthmus.dsl.isthmus.Policy;
import dev.isthmus.dsl.isthmus.RouteStep;
import dev.isthmus.dsl.isthmus.Step;
import dev.isthmus.dsl.isthmus.WiretapStep;

/**
 * A route ends a flow's steps: the branch that takes a record delivers it, and nothing after the route sees it (the
 * engine returns there). The grammar still accepts steps after a route, and a user who wrote {@code wiretap} or
 * {@code to} there lost those records silently; each such step is an error naming what to write instead. Policies
 * ({@code retry}, {@code timeout}, {@code rate}, {@code dead-letter}) are the whole flow's wherever they are written,
 * so they stay valid after a route.
 */
public class StepsAfterRouteValidator extends AbstractDeclarativeValidator {

	public static final String STEP_AFTER_ROUTE = "dev.isthmus.dsl.stepAfterRoute";

	private static final String WHY = " never runs: a route ends the flow's steps (each record leaves through the branch"
			+ " that takes it); ";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void nothingRunsAfterARoute(Flow flow) {
		boolean routed = false;
		for (Step step : flow.getSteps()) {
			if (step instanceof Policy) {
				continue;
			}
			if (routed) {
				error(problem(step), step, null, STEP_AFTER_ROUTE);
			}
			routed |= step instanceof RouteStep;
		}
	}

	private static String problem(Step step) {
		return switch (step) {
			case WiretapStep wiretap -> "this wiretap" + WHY + "put 'wiretap " + text(wiretap.getTarget())
					+ "' before the route to copy every record";
			case DeliverStep deliver -> {
				String targets = deliver.getTargets().stream().map(StepsAfterRouteValidator::text)
						.collect(Collectors.joining(", "));
				yield "this 'to'" + WHY + "to deliver there too, name " + targets + " in the route's branches (when … -> …, "
						+ targets + "), or put 'to " + targets + "' before the route";
			}
			case RouteStep route -> "this second route" + WHY + "merge its branches into the route above";
			case MapStep map -> "'" + text(map) + "'" + WHY
					+ "move it above the route, or map per target in the branches (-> Endpoint via Mapping)";
			default -> "'" + text(step) + "'" + WHY + "move it above the route";
		};
	}

	/** The element as written, on one line: {@code wiretap Erp.journals via InvoiceToJournal}. */
	private static String text(EObject element) {
		ICompositeNode node = NodeModelUtils.findActualNodeFor(element);
		return node == null ? "…" : NodeModelUtils.getTokenText(node);
	}
}
