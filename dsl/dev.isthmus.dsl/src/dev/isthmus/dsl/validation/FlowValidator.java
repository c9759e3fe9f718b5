package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.*;

import java.time.Duration;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.Check;

import dev.isthmus.dsl.isthmus.AggregateStep;
import dev.isthmus.dsl.isthmus.CorrelateStep;
import dev.isthmus.dsl.isthmus.DeadLetterPolicy;
import dev.isthmus.dsl.isthmus.DeliverStep;
import dev.isthmus.dsl.isthmus.Direction;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.EnrichStep;
import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.IdempotentStep;
import dev.isthmus.dsl.isthmus.MapStep;
import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.isthmus.OrderedStep;
import dev.isthmus.dsl.isthmus.Policy;
import dev.isthmus.dsl.isthmus.RouteBranch;
import dev.isthmus.dsl.isthmus.RouteStep;
import dev.isthmus.dsl.isthmus.Source;
import dev.isthmus.dsl.isthmus.SplitStep;
import dev.isthmus.dsl.isthmus.Step;
import dev.isthmus.dsl.isthmus.Target;
import dev.isthmus.dsl.isthmus.WiretapStep;
import dev.isthmus.dsl.typing.Problems;
import dev.isthmus.dsl.typing.ShapeTypes;
import dev.isthmus.dsl.typing.TypeScope;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.ListType;
import dev.isthmus.library.IslType.ObjectType;

/**
 * Flows, step by step, following the type of the record as it changes: from the source's record, through each map
 * and split, to what every target receives.
 */
public class FlowValidator extends TypingSupport {

	public static final String WRONG_DIRECTION = "dev.isthmus.dsl.wrongDirection";
	public static final String SHAPE_MISMATCH = "dev.isthmus.dsl.shapeMismatch";
	public static final String NO_OTHERWISE = "dev.isthmus.dsl.noOtherwise";
	public static final String BAD_POLICY = "dev.isthmus.dsl.badPolicy";
	public static final String UNREACHABLE_BRANCH = "dev.isthmus.dsl.unreachableBranch";
	public static final String NOT_RUN_YET = "dev.isthmus.dsl.notRunYet";

	@Check
	public void recordsFlowThroughTheSteps(Flow flow) {
		if (flow.getSource() == null) {
			return;
		}
		IslType current = source(flow.getSource());
		for (Step step : flow.getSteps()) {
			current = step(step, current);
		}
	}

	private IslType source(Source source) {
		Endpoint endpoint = source.getEndpoint();
		if (endpoint == null || endpoint.eIsProxy()) {
			return IslType.ANY;
		}
		if (endpoint.getDirection() == Direction.SENDS) {
			error("a flow reads from an endpoint that receives records, but " + endpoint.getName()
					+ " only sends; declare it 'receives' or 'exchanges', or read from another endpoint", source,
					SOURCE__ENDPOINT, WRONG_DIRECTION);
		} else if (endpoint.getTransport() instanceof dev.isthmus.dsl.isthmus.HttpTransport) {
			// Accepted by the language, and by 'isthmus test' (its givens feed the flow), but not run: said here, not
			// first at 'isthmus run'.
			warning("the runner does not poll HTTP APIs yet, and refuses to start with a flow reading " + endpoint.getName()
					+ "; have the API send its records to a webhook endpoint (webhook \"/path\"), or drop them as files (file \"dir\")",
					source, SOURCE__ENDPOINT, NOT_RUN_YET);
		}
		IslType received = endpoint.getRecord() == null ? IslType.ANY : ShapeTypes.of(endpoint.getRecord());
		TypeScope scope = scope(received, source);
		if (source.getFilter() != null) {
			expectScalar(source.getFilter(), scope, IslType.BOOLEAN, "the where filter");
		}
		if (source.getSelection() != null) {
			typer.type(source.getSelection(), scope, null, problems(source));
		}
		return dev.isthmus.dsl.typing.FlowTypes.ofSource(source);
	}

	private IslType step(Step step, IslType current) {
		TypeScope scope = scope(current, step);
		switch (step) {
			case MapStep map -> {
				return map(map, current);
			}
			case IdempotentStep s -> {
				expectScalar(s.getKey(), scope, null, "the idempotency key");
				positive(s.getTtl(), s, IDEMPOTENT_STEP__TTL, "the idempotency window", "idempotent on … for 30d");
			}
			case CorrelateStep s -> expectScalar(s.getKey(), scope, null, "the correlation id");
			case OrderedStep s -> expectScalar(s.getKey(), scope, null, "the ordering key");
			case SplitStep s -> {
				IslType collection = typer.type(s.getCollection(), scope, null, problems(s));
				if (!(collection.required() instanceof ListType) && !(collection instanceof IslType.Any)) {
					error("split needs a list, but this is " + dev.isthmus.library.Articles.a(collection.display()), s, SPLIT_STEP__COLLECTION,
							SHAPE_MISMATCH);
				}
				return dev.isthmus.dsl.typing.FlowTypes.after(s, current, typer, project(s));
			}
			case AggregateStep s -> aggregate(s, current, scope);
			case EnrichStep s -> enrich(s, current, scope);
			case RouteStep route -> route(route, current, scope);
			case DeliverStep s -> s.getTargets().forEach(t -> target(t, current));
			case WiretapStep s -> target(s.getTarget(), current);
			case Policy policy -> policy(policy);
			default -> {
			}
		}
		return current;
	}

	private IslType map(MapStep map, IslType current) {
		Mapping mapping = map.getMapping();
		if (mapping == null || mapping.eIsProxy() || mapping.getTarget() == null) {
			return IslType.ANY;
		}
		reads(mapping, current, map, MAP_STEP__MAPPING);
		return dev.isthmus.dsl.typing.FlowTypes.after(map, current, typer, project(map));
	}

	/** A mapping applied here must read the records that are here. */
	private void reads(Mapping mapping, IslType current, EObject where, EStructuralFeature feature) {
		IslType source = mapping.getSource() == null ? IslType.ANY : ShapeTypes.of(mapping.getSource());
		if (!(current instanceof IslType.Any) && !(source instanceof IslType.Any) && !current.required().equals(source)) {
			error(mapping.getName() + " reads " + source.display() + ", but the records here are "
					+ current.display(), where, feature, SHAPE_MISMATCH);
		}
	}

	private void aggregate(AggregateStep s, IslType current, TypeScope scope) {
		for (Expression key : s.getKeys()) {
			expectScalar(key, scope, null, "an aggregation key");
		}
		positive(s.getWindow(), s, AGGREGATE_STEP__WINDOW, "the aggregation window", "aggregate by … every 1h");
		if (current.required() instanceof ObjectType object) {
			// Inside the block every field stands for the list of its values in the group: sum(quantity).
			IslType.Members groupValues = new IslType.Members() {
				@Override
				public IslType member(String name) {
					IslType type = object.members().member(name);
					return type == null ? null : new ListType(type);
				}

				@Override
				public java.util.List<String> names() {
					return object.members().names();
				}

				@Override
				public Object origin() {
					return this;
				}
			};
			TypeScope group = TypeScope.of(new ObjectType(object.name(), groupValues), project(s));
			typer.rules().check(s.getRules(), new ObjectType(object.name(), partial(object)), group, s, problems(s));
		}
	}

	/** The members of an object with none of them required: an aggregate sets only the fields it combines. */
	private static IslType.Members partial(ObjectType object) {
		return new IslType.Members() {
			@Override
			public IslType member(String name) {
				return object.members().member(name);
			}

			@Override
			public java.util.List<String> names() {
				return object.members().names();
			}

			@Override
			public Object origin() {
				return object.members().origin();
			}
		};
	}

	private void enrich(EnrichStep s, IslType current, TypeScope scope) {
		if (s.getValue() == null || !(current.required() instanceof ObjectType object)) {
			return;
		}
		IslType field = object.members().member(s.getField());
		if (field == null) {
			error(object.display() + " has no field '" + s.getField() + "' to enrich", s, ENRICH_STEP__FIELD,
					SHAPE_MISMATCH);
			return;
		}
		IslType value = typer.type(s.getValue(), scope, field, problems(s));
		String problem = dev.isthmus.library.Assignability.problem(value, field);
		if (problem != null) {
			error("'" + s.getField() + "': " + problem, s, ENRICH_STEP__VALUE, SHAPE_MISMATCH);
		}
	}

	private void route(RouteStep route, IslType current, TypeScope scope) {
		boolean otherwise = false;
		for (dev.isthmus.dsl.isthmus.Branch branch : route.getBranches()) {
			if (otherwise) {
				error("this branch is never taken: 'otherwise' above takes every record; move it above 'otherwise'",
						branch, null, UNREACHABLE_BRANCH);
			}
			if (branch instanceof RouteBranch when) {
				expectScalar(when.getCondition(), scope, IslType.BOOLEAN, "a route condition");
			} else {
				otherwise = true;
			}
			branch.getTargets().forEach(t -> target(t, current));
		}
		if (!otherwise) {
			warning("records no branch takes are dead-lettered; add 'otherwise -> …' to deliver them", route, null,
					NO_OTHERWISE);
		}
	}

	private void target(Target target, IslType current) {
		Endpoint endpoint = target.getEndpoint();
		target.getPolicies().forEach(this::policy);
		if (endpoint == null || endpoint.eIsProxy()) {
			return;
		}
		if (endpoint.getDirection() == Direction.RECEIVES) {
			error(endpoint.getName() + " only receives records; a flow delivers to an endpoint that sends or exchanges",
					target, TARGET__ENDPOINT, WRONG_DIRECTION);
		}
		IslType wanted = endpoint.getRecord() == null ? IslType.ANY : ShapeTypes.of(endpoint.getRecord());
		IslType delivered = current;
		Mapping via = target.getMapping();
		if (via != null && !via.eIsProxy()) {
			reads(via, current, target, TARGET__MAPPING);
			delivered = via.getTarget() == null ? IslType.ANY : ShapeTypes.of(via.getTarget());
		}
		if (!(delivered instanceof IslType.Any) && !(wanted instanceof IslType.Any) && !delivered.required().equals(wanted)) {
			error(endpoint.getName() + " sends " + named(wanted, delivered) + " records, but " + named(delivered, wanted)
					+ " arrive here" + (via == null ? "; map them with 'via <mapping>'" : ""), target,
					via == null ? TARGET__ENDPOINT : TARGET__MAPPING, SHAPE_MISMATCH);
		}
	}

	/**
	 * A type's name in a message that compares it with {@code other}: qualified by its system when both have the same
	 * name (two systems' records named Item), which otherwise read as "sends Item records, but Item arrive here".
	 */
	private static String named(IslType type, IslType other) {
		if (type.display().equals(other.display()) && type instanceof IslType.ObjectType object
				&& object.members().origin() instanceof dev.isthmus.dsl.isthmus.Record record
				&& record.eContainer() instanceof dev.isthmus.dsl.isthmus.ExternalSystem system) {
			return system.getName() + "." + record.getName();
		}
		return type.display();
	}

	private void policy(Policy policy) {
		switch (policy) {
			case dev.isthmus.dsl.isthmus.RetryPolicy retry -> {
				int times = number(retry.getTimes(), 1);
				if (times < 1 || times > 100) {
					error("retry takes 1 to 100 times, not " + times + "; without retries, leave the policy out", retry,
							RETRY_POLICY__TIMES, BAD_POLICY);
				}
				Duration initial = positive(retry.getInitial(), retry, RETRY_POLICY__INITIAL, "the first backoff", "backoff exponential from 2s to 5min");
				Duration maximum = positive(retry.getMaximum(), retry, RETRY_POLICY__MAXIMUM, "the longest backoff", "backoff exponential from 2s to 5min");
				if (initial != null && maximum != null && initial.compareTo(maximum) > 0) {
					error("the backoff starts at " + retry.getInitial() + " but may not exceed " + retry.getMaximum()
							+ "; swap them", retry, RETRY_POLICY__MAXIMUM, BAD_POLICY);
				}
			}
			case dev.isthmus.dsl.isthmus.TimeoutPolicy t -> {
				positive(t.getDuration(), t, TIMEOUT_POLICY__DURATION, "a timeout", "timeout 30s");
				offHttp(t, "timeout");
			}
			case dev.isthmus.dsl.isthmus.RatePolicy r -> {
				offHttp(r, "rate");
				positive(r.getWindow(), r, RATE_POLICY__WINDOW, "a rate window", "rate " + r.getCount() + " per 1s");
				String count = PolicyBounds.rateCount(r.getCount(), r.getWindow());
				if (count != null) {
					error(count, r, RATE_POLICY__COUNT, BAD_POLICY);
				}
			}
			case DeadLetterPolicy d -> {
				if (d.getEndpoint() != null && !d.getEndpoint().eIsProxy()
						&& d.getEndpoint().getDirection() == Direction.RECEIVES) {
					error("dead letters go to an endpoint that sends; " + d.getEndpoint().getName() + " only receives", d,
							DEAD_LETTER_POLICY__ENDPOINT, WRONG_DIRECTION);
				}
			}
			default -> {
			}
		}
	}

	/**
	 * A timeout or rate, which pace requests, on a target that is no http endpoint, or in a flow none of whose targets
	 * is one: the runner ignored it (it said so in its log only).
	 */
	private void offHttp(Policy policy, String word) {
		if (policy.eContainer() instanceof dev.isthmus.dsl.isthmus.Target target) {
			if (target.getEndpoint() != null && !target.getEndpoint().eIsProxy() && !http(target)) {
				warning(word + " paces the runner's requests to an http target; " + target.getEndpoint().getName() + " is none, so it"
						+ " changes nothing: remove it", policy, null, BAD_POLICY);
			}
			return;
		}
		java.util.List<dev.isthmus.dsl.isthmus.Target> targets = org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(policy.eContainer(),
				dev.isthmus.dsl.isthmus.Target.class);
		if (!targets.isEmpty() && targets.stream().noneMatch(t -> t.getEndpoint() == null || t.getEndpoint().eIsProxy() || http(t))) {
			warning(word + " paces the runner's requests to http targets; this flow sends to none, so it changes nothing: remove it", policy,
					null, BAD_POLICY);
		}
	}

	private static boolean http(dev.isthmus.dsl.isthmus.Target target) {
		return target.getEndpoint().getTransport() instanceof dev.isthmus.dsl.isthmus.HttpTransport;
	}

	/** A whole number literal; {@code fallback} where a broken file left none or an out-of-range one. */
	private static int number(String literal, int fallback) {
		try {
			return literal == null ? fallback : Integer.parseInt(literal);
		} catch (NumberFormatException e) {
			return Integer.MAX_VALUE;
		}
	}

	/** The duration of {@code literal}; an error says what to write instead ({@code example}) when it is not above 0. */
	private Duration positive(String literal, EObject where, EStructuralFeature feature, String what, String example) {
		String problem = PolicyBounds.notPositive(literal, what, example);
		if (problem != null) {
			error(problem, where, feature, BAD_POLICY);
		}
		return literal == null ? null : PolicyBounds.duration(literal);
	}

	private void expectScalar(Expression e, TypeScope scope, IslType wanted, String what) {
		if (e == null) {
			return;
		}
		Problems problems = problems(e);
		IslType type = typer.type(e, scope, wanted, problems);
		if (type instanceof IslType.Any) {
			return;
		}
		if (wanted != null && dev.isthmus.library.Assignability.problem(type.required(), wanted) != null) {
			error(what + " must be " + dev.isthmus.library.Articles.a(wanted.display()) + ", but is " + dev.isthmus.library.Articles.a(type.display()), e, null, SHAPE_MISMATCH);
		} else if (type.required() instanceof ListType || type.required() instanceof ObjectType) {
			boolean list = type.required() instanceof ListType;
			error(what + " must be a single value, but is " + (list ? "a list" : "an object") + " (" + type.display() + "); use a single value"
					+ (list ? "" : ", such as one of its fields"), e, null, SHAPE_MISMATCH);
		}
	}

	private TypeScope scope(IslType current, EObject context) {
		return TypeScope.of(current, project(context));
	}
}
