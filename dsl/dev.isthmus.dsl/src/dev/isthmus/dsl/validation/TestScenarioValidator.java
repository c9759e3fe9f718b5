package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;

import dev.isthmus.dsl.isthmus.Arrivals;
import dev.isthmus.dsl.isthmus.DeadLetterExpectation;
import dev.isthmus.dsl.isthmus.DurationSetting;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.EndpointBehaviour;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.Given;
import dev.isthmus.dsl.isthmus.LognormalLatency;
import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.isthmus.Outage;
import dev.isthmus.dsl.isthmus.RoutedExpectation;
import dev.isthmus.dsl.isthmus.Scenario;
import dev.isthmus.dsl.isthmus.Target;
import dev.isthmus.dsl.isthmus.TestCase;
import dev.isthmus.dsl.isthmus.UniformLatency;
import dev.isthmus.dsl.isthmus.ValueExpectation;
import dev.isthmus.dsl.typing.TypeScope;
import dev.isthmus.library.Durations;
import dev.isthmus.library.IslType;

/** Functional tests and what-if scenarios: what they feed and expect must exist in the flows they name. */
public class TestScenarioValidator extends TypingSupport {

	public static final String BAD_SUBJECT = "dev.isthmus.dsl.badTestSubject";
	public static final String MISSING_FILE = SystemValidator.MISSING_FILE;
	public static final String NOT_IN_FLOW = "dev.isthmus.dsl.notInFlow";
	public static final String BAD_SCENARIO = "dev.isthmus.dsl.badScenario";

	@Check
	public void testsNameAFlowOrMapping(TestCase test) {
		if (test.getSubject() != null && !test.getSubject().eIsProxy()
				&& !(test.getSubject() instanceof Flow) && !(test.getSubject() instanceof Mapping)) {
			error("a test runs a flow or a mapping; " + test.getSubject().getName() + " is neither", test,
					TEST_CASE__SUBJECT, BAD_SUBJECT);
		}
	}

	@Check
	public void testClockIsATimestamp(TestCase test) {
		if (test.getNow() == null) {
			return;
		}
		IslType type = typer.type(test.getNow(), TypeScope.of(null, project(test)), IslType.TIMESTAMP, problems(test));
		if (!(type instanceof IslType.Any) && !IslType.TIMESTAMP.equals(type.required())) {
			error("a test runs at a Timestamp, e.g. at timestamp(\"2026-11-15T12:00:00Z\"), but this is " + dev.isthmus.library.Articles.a(type.display()),
					test, TEST_CASE__NOW, BAD_SCENARIO);
		}
	}

	@Check
	public void givenFilesExistAndFeedTheFlow(Given given) {
		if (given.getFile() != null && !ProjectFiles.exists(given, given.getFile())) {
			error("the sample " + given.getFile() + " does not exist in the project folder or above this file", given,
					GIVEN__FILE, MISSING_FILE, given.getFile());
		}
		TestCase test = EcoreUtil2.getContainerOfType(given, TestCase.class);
		if (test.getSubject() instanceof Flow flow && given.getEndpoint() != null && flow.getSource() != null
				&& given.getEndpoint() != flow.getSource().getEndpoint() && !calls(flow, given.getEndpoint())) {
			error(flow.getName() + " reads from " + name(flow.getSource().getEndpoint()) + ", not from "
					+ name(given.getEndpoint()) + " (a given names the flow's source, whose records it feeds, or an endpoint the flow"
					+ " calls, whose answer it is)", given, GIVEN__ENDPOINT, NOT_IN_FLOW);
		}
		if (test.getSubject() instanceof Mapping mapping && given.getEndpoint() != null && !given.getEndpoint().eIsProxy()
				&& mapping.getSource() != null && !mapping.getSource().eIsProxy() && given.getEndpoint().getRecord() != null
				&& !given.getEndpoint().getRecord().eIsProxy() && given.getEndpoint().getRecord() != mapping.getSource()) {
			// (a given for an endpoint a flow calls was fed to the mapping as its input, its fields read as null)
			error(mapping.getName() + " reads " + mapping.getSource().getName() + " records, and " + name(given.getEndpoint()) + " gives "
					+ given.getEndpoint().getRecord().getName() + " records; name an endpoint of " + mapping.getSource().getName()
					+ ", or none", given, GIVEN__ENDPOINT, NOT_IN_FLOW);
		}
	}

	/** Whether {@code flow} enriches its records by calling {@code endpoint} (a given for it is the call's answer). */
	static boolean calls(Flow flow, Endpoint endpoint) {
		return EcoreUtil2.getAllContentsOfType(flow, dev.isthmus.dsl.isthmus.EnrichStep.class).stream()
				.anyMatch(e -> e.getEndpoint() == endpoint);
	}

	@Check
	public void routedToATargetOfTheFlow(RoutedExpectation expectation) {
		TestCase test = EcoreUtil2.getContainerOfType(expectation, TestCase.class);
		if (!(test.getSubject() instanceof Flow flow) || expectation.getEndpoint() == null) {
			if (test.getSubject() instanceof Mapping) {
				error("a mapping routes nothing; test routes on a flow", expectation, null, BAD_SUBJECT);
			}
			return;
		}
		List<Endpoint> targets = new ArrayList<>();
		EcoreUtil2.getAllContentsOfType(flow, Target.class).forEach(t -> targets.add(t.getEndpoint()));
		if (!targets.contains(expectation.getEndpoint())) {
			error(flow.getName() + " never delivers to " + name(expectation.getEndpoint()) + "; its targets are "
					+ String.join(", ", targets.stream().map(TestScenarioValidator::name).distinct().toList()),
					expectation, ROUTED_EXPECTATION__ENDPOINT, NOT_IN_FLOW);
		}
	}

	@Check
	public void deadLettersComeFromFlows(DeadLetterExpectation expectation) {
		TestCase test = EcoreUtil2.getContainerOfType(expectation, TestCase.class);
		if (test.getSubject() instanceof Mapping) {
			error("a mapping dead-letters nothing; test dead letters on a flow", expectation, null, BAD_SUBJECT);
		}
	}

	@Check
	public void expectationsAreConditions(ValueExpectation expectation) {
		IslType type = typer.type(expectation.getCondition(), TypeScope.ofTest(project(expectation)), IslType.BOOLEAN,
				problems(expectation));
		if (!(type instanceof IslType.Any) && !IslType.BOOLEAN.equals(type.required())) {
			error("an expectation is a condition such as Invoice.total == 12.50, but this is " + dev.isthmus.library.Articles.a(type.display()),
					expectation, VALUE_EXPECTATION__CONDITION, BAD_SCENARIO);
		}
	}

	@Check
	public void scenarioFitsItsFlows(Scenario scenario) {
		Duration length = scenario.getSettings().stream().filter(DurationSetting.class::isInstance)
				.map(s -> duration(((DurationSetting) s).getDuration())).filter(d -> d != null).findFirst().orElse(null);
		List<Endpoint> sources = new ArrayList<>();
		List<Endpoint> targets = new ArrayList<>();
		for (Flow flow : scenario.getFlows()) {
			if (flow.eIsProxy()) {
				continue;
			}
			if (flow.getSource() != null) {
				sources.add(flow.getSource().getEndpoint());
			}
			EcoreUtil2.getAllContentsOfType(flow, Target.class).forEach(t -> targets.add(t.getEndpoint()));
		}
		for (Object setting : scenario.getSettings()) {
			if (setting instanceof Arrivals arrivals && !sources.contains(arrivals.getEndpoint())) {
				error("records arrive at the flows' sources; " + name(arrivals.getEndpoint()) + " is not one of them",
						arrivals, ARRIVALS__ENDPOINT, NOT_IN_FLOW);
			}
			if (setting instanceof Arrivals arrivals) {
				arrivals.getPeaks().forEach(p -> window(p.getFrom(), p.getTo(), length, p, "the peak"));
			}
			if (setting instanceof EndpointBehaviour behaviour && !targets.contains(behaviour.getEndpoint())) {
				error(name(behaviour.getEndpoint()) + " is no target of the scenario's flows", behaviour,
						ENDPOINT_BEHAVIOUR__ENDPOINT, NOT_IN_FLOW);
			}
		}
		EcoreUtil2.getAllContentsOfType(scenario, Outage.class)
				.forEach(o -> window(o.getFrom(), o.getTo(), length, o, "the outage"));
		for (LognormalLatency latency : EcoreUtil2.getAllContentsOfType(scenario, LognormalLatency.class)) {
			if (ordered(latency.getMedian(), latency.getP99())) {
				error("the median latency cannot exceed the p99 latency", latency, LOGNORMAL_LATENCY__P99, BAD_SCENARIO);
			}
		}
		for (UniformLatency latency : EcoreUtil2.getAllContentsOfType(scenario, UniformLatency.class)) {
			if (ordered(latency.getMin(), latency.getMax())) {
				error("the latency range is empty; swap its bounds", latency, UNIFORM_LATENCY__MAX, BAD_SCENARIO);
			}
		}
		checkPercentages(scenario);
	}

	/** A duration literal, or {@code null} where a broken file left none. */
	private static Duration duration(String literal) {
		try {
			return literal == null ? null : Durations.parse(literal);
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	/** Whether both durations are there and the first exceeds the second. */
	private static boolean ordered(String first, String second) {
		Duration a = duration(first);
		Duration b = duration(second);
		return a != null && b != null && a.compareTo(b) > 0;
	}

	private void window(String from, String to, Duration length, org.eclipse.emf.ecore.EObject where, String what) {
		Duration start = duration(from);
		Duration end = duration(to);
		if (start == null || end == null) {
			return;
		}
		if (start.compareTo(end) >= 0) {
			error(what + " ends (" + to + ") before it starts (" + from + ")", where, null, BAD_SCENARIO);
		} else if (length != null && end.compareTo(length) > 0) {
			error(what + " ends at " + to + ", after the scenario (" + length.toHours() + "h)", where, null, BAD_SCENARIO);
		}
	}

	private void checkPercentages(Scenario scenario) {
		for (var node : org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(scenario).getAsTreeIterable()) {
			if (node.getGrammarElement() instanceof org.eclipse.xtext.RuleCall call
					&& "Percentage".equals(call.getRule().getName())) {
				String text = node.getText().replace("%", "").strip();
				if (text.matches("\\d+(\\.\\d+)?") && new java.math.BigDecimal(text).compareTo(java.math.BigDecimal.valueOf(100)) > 0) {
					error("a share cannot exceed 100%", node.getSemanticElement(), null, BAD_SCENARIO);
				}
			}
		}
	}

	private static String name(Endpoint endpoint) {
		if (endpoint == null || endpoint.eIsProxy()) {
			return "?";
		}
		return endpoint.eContainer() instanceof dev.isthmus.dsl.isthmus.ExternalSystem s ? s.getName() + "." + endpoint.getName()
				: endpoint.getName();
	}
}
