package dev.isthmus.dsl.validation;

import java.util.List;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.AggregateStep;
import dev.isthmus.dsl.isthmus.DeliverStep;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.OrderedStep;
import dev.isthmus.dsl.isthmus.RouteStep;
import dev.isthmus.dsl.isthmus.Step;
import dev.isthmus.dsl.isthmus.WiretapStep;

/**
 * Where an {@code ordered by} stands: its key goes with the deliveries after it, so one after the last {@code to},
 * {@code wiretap} or {@code route} orders nothing, one before an {@code aggregate} not the group's result (a record of
 * its own), and a later one takes over. Each was accepted without a word, and the records went out unordered (review 30).
 */
public class OrderedByValidator extends AbstractDeclarativeValidator {

	public static final String ORDERS_NOTHING = "dev.isthmus.dsl.ordersNothing";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void orderedByComesBeforeWhatItOrders(Flow flow) {
		List<Step> steps = flow.getSteps();
		for (int i = 0; i < steps.size(); i++) {
			if (!(steps.get(i) instanceof OrderedStep ordered)) {
				continue;
			}
			String problem = "no 'to', 'wiretap' or 'route' comes after it, and it orders only the deliveries after it; put it before the"
					+ " 'to' or 'route' it is to order";
			for (Step later : steps.subList(i + 1, steps.size())) {
				if (later instanceof DeliverStep || later instanceof WiretapStep || later instanceof RouteStep) {
					problem = null; // it orders these
					break;
				}
				if (later instanceof AggregateStep) {
					problem = "the aggregate after it makes records of its own (a group's result), which carry no order key; put 'ordered by'"
							+ " after the aggregate, before the 'to' or 'route' it is to order";
					break;
				}
				if (later instanceof OrderedStep) {
					problem = "the 'ordered by' after it takes over before any delivery; keep one, before the 'to' or 'route' it is to order";
					break;
				}
			}
			if (problem != null) {
				warning("this 'ordered by' orders nothing: " + problem, ordered, null, ORDERS_NOTHING);
			}
		}
	}
}
