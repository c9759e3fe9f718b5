package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.FlowValidator;
import dev.isthmus.dsl.validation.OrderedByValidator;

/**
 * An {@code ordered by} orders the deliveries after it: after the last {@code to}, before an {@code aggregate}, or
 * followed by another, it orders nothing, and the records went out unordered without a word (review 30).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class OrderedByRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static final String HEAD = "package acme\nflow F {\n    from Billing.events\n";

	@Test
	void beforeTheTargetsItOrdersThem() throws Exception {
		fixture.none(HEAD + "    ordered by id\n    to Billing.out\n}\n");
		fixture.none(HEAD + "    ordered by id\n    route {\n        otherwise -> Billing.out\n    }\n}\n");
	}

	@Test
	void afterTheLastTargetItIsWarnedOf() throws Exception {
		assertEquals(Severity.WARNING, fixture.single(HEAD + "    to Billing.out\n    ordered by id\n}\n", OrderedByValidator.ORDERS_NOTHING, 5,
				"this 'ordered by' orders nothing: no 'to', 'wiretap' or 'route' comes after it, and it orders only the deliveries after it;"
						+ " put it before the 'to' or 'route' it is to order").getSeverity());
	}

	@Test
	void beforeAnAggregateOrTwiceItIsWarnedOf() throws Exception {
		fixture.single(HEAD + "    ordered by id\n    aggregate by currency every 1h { amount <- sum(amount) }\n    to Billing.out\n}\n",
				OrderedByValidator.ORDERS_NOTHING, 4, "the aggregate after it makes records of its own (a group's result), which carry no order key");
		fixture.single(HEAD + "    ordered by id\n    ordered by currency\n    to Billing.out\n}\n", OrderedByValidator.ORDERS_NOTHING, 4,
				"the 'ordered by' after it takes over before any delivery");
	}

	@Test
	void aKeyThatIsNoSingleValueSaysWhatItIs() throws Exception {
		fixture.single(HEAD + "    ordered by lines\n    to Billing.out\n}\n", FlowValidator.SHAPE_MISMATCH, 4,
				"the ordering key must be a single value, but is a list (");
	}
}
