package dev.isthmus.studio.internal.views;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.ENRICH_STEP__ENDPOINT;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.ELEMENT__NAME;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.MAP_STEP__MAPPING;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.SOURCE__ENDPOINT;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.SOURCE__SHAPE;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.TARGET__ENDPOINT;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.TARGET__MAPPING;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import dev.isthmus.dsl.isthmus.AggregateStep;
import dev.isthmus.dsl.isthmus.Branch;
import dev.isthmus.dsl.isthmus.CorrelateStep;
import dev.isthmus.dsl.isthmus.DeliverStep;
import dev.isthmus.dsl.isthmus.EnrichStep;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.IdempotentStep;
import dev.isthmus.dsl.isthmus.MapStep;
import dev.isthmus.dsl.isthmus.MappingRule;
import dev.isthmus.dsl.isthmus.OrderedStep;
import dev.isthmus.dsl.isthmus.RouteBranch;
import dev.isthmus.dsl.isthmus.RouteStep;
import dev.isthmus.dsl.isthmus.Source;
import dev.isthmus.dsl.isthmus.SplitStep;
import dev.isthmus.dsl.isthmus.Step;
import dev.isthmus.dsl.isthmus.Target;
import dev.isthmus.dsl.isthmus.ValidateStep;
import dev.isthmus.dsl.isthmus.WiretapStep;
import dev.isthmus.dsl.typing.ProjectIndex;

/**
 * The flow under the caret as the Flow view's tree: its source (endpoint, filter, selection), its steps in order,
 * route branches with their targets, each target with its mapping and policies, and the flow's policies. Names are
 * shown as written, so a reference that does not resolve still reads as the user typed it. No SWT.
 *
 * @param qualifiedName the flow's qualified name
 * @param headerOffset  where the flow's name is written
 * @param headerLength  the name's length
 * @param nodes         the source first, then one node per step or policy
 */
public record FlowTree(String qualifiedName, int headerOffset, int headerLength, List<FlowNode> nodes) {

	/** The tree of the flow containing {@code element}, or {@code null}. Call while holding the document's lock. */
	public static FlowTree at(EObject element) {
		Flow flow = element instanceof Flow f ? f : EcoreUtil2.getContainerOfType(element, Flow.class);
		if (flow == null) {
			return null;
		}
		List<FlowNode> nodes = new ArrayList<>();
		if (flow.getSource() != null) {
			nodes.add(source(flow.getSource()));
		}
		flow.getSteps().forEach(step -> nodes.add(step(step)));
		INode name = first(flow, ELEMENT__NAME);
		String qualified = ProjectIndex.qualifiedName(flow);
		return new FlowTree(qualified == null ? String.valueOf(flow.getName()) : qualified,
				name == null ? offset(flow) : name.getOffset(), name == null ? 0 : name.getLength(), List.copyOf(nodes));
	}

	private static FlowNode source(Source source) {
		List<FlowNode> parts = new ArrayList<>();
		parts.add(node("endpoint", written(source, SOURCE__ENDPOINT), source, List.of()));
		if (source.getFilter() != null) {
			parts.add(node("where", text(source.getFilter()), source.getFilter(), List.of()));
		}
		if (source.getSelection() != null) {
			parts.add(node("select", text(source.getSelection()) + " as " + written(source, SOURCE__SHAPE),
					source.getSelection(), List.of()));
		}
		return node("from", written(source, SOURCE__ENDPOINT), source, parts);
	}

	private static FlowNode step(Step step) {
		return switch (step) {
			case MapStep m -> node("map", written(m, MAP_STEP__MAPPING), m, List.of());
			case ValidateStep v -> node("validate", "", v, List.of());
			case EnrichStep e -> node("enrich", e.getField() + " with "
					+ (e.getValue() != null ? text(e.getValue()) : "call " + written(e, ENRICH_STEP__ENDPOINT)),
					e, List.of());
			case IdempotentStep i -> node("idempotent", "key " + text(i.getKey()) + ", ttl " + i.getTtl(), i, List.of());
			case CorrelateStep c -> node("correlate", "by " + text(c.getKey()), c, List.of());
			case SplitStep s -> node("split", text(s.getCollection()), s, List.of());
			case OrderedStep o -> node("ordered", "by " + text(o.getKey()), o, List.of());
			case AggregateStep a -> node("aggregate", "by " + String.join(", ", a.getKeys().stream().map(FlowTree::text).toList())
					+ " every " + a.getWindow(), a, a.getRules().stream().map(FlowTree::rule).toList());
			case RouteStep r -> node("route", "", r, r.getBranches().stream().map(FlowTree::branch).toList());
			case DeliverStep d -> node("to", "", d, d.getTargets().stream().map(FlowTree::target).toList());
			case WiretapStep w -> node("wiretap", "", w, w.getTarget() == null ? List.of() : List.of(target(w.getTarget())));
			default -> policy(step); // the flow's own policies: retry, timeout, rate, dead-letter
		};
	}

	private static FlowNode branch(Branch branch) {
		List<FlowNode> targets = branch.getTargets().stream().map(FlowTree::target).toList();
		return branch instanceof RouteBranch when
				? node("when", text(when.getCondition()), branch, targets)
				: node("otherwise", "", branch, targets);
	}

	private static FlowNode target(Target target) {
		String via = target.getMapping() == null ? "" : " via " + written(target, TARGET__MAPPING);
		return node("→", written(target, TARGET__ENDPOINT) + via, target,
				target.getPolicies().stream().map(FlowTree::policy).toList());
	}

	private static FlowNode rule(MappingRule rule) {
		return node(rule.getTarget(), rule.getValue() == null ? "{ … }"
				: (rule.isAppend() ? "+= " : "<- ") + text(rule.getValue()), rule, List.of());
	}

	/** A policy reads as its keyword and the rest of its text: {@code retry} {@code 10 times backoff …}. */
	private static FlowNode policy(EObject policy) {
		String written = text(policy);
		int space = written.indexOf(' ');
		return node(space < 0 ? written : written.substring(0, space), space < 0 ? "" : written.substring(space + 1),
				policy, List.of());
	}

	private static FlowNode node(String label, String detail, EObject element, List<FlowNode> children) {
		INode node = NodeModelUtils.getNode(element);
		return new FlowNode(label == null ? "" : label, detail, node == null ? 0 : node.getOffset(),
				node == null ? 0 : node.getLength(), ElementFacts.of(element, null), List.copyOf(children));
	}

	private static String written(EObject object, EStructuralFeature feature) {
		INode node = first(object, feature);
		return node == null ? "" : NodeModelUtils.getTokenText(node);
	}

	private static String text(EObject object) {
		INode node = object == null ? null : NodeModelUtils.getNode(object);
		return node == null ? "" : NodeModelUtils.getTokenText(node);
	}

	private static INode first(EObject object, EStructuralFeature feature) {
		List<INode> nodes = NodeModelUtils.findNodesForFeature(object, feature);
		return nodes.isEmpty() ? null : nodes.get(0);
	}

	private static int offset(EObject object) {
		INode node = NodeModelUtils.getNode(object);
		return node == null ? 0 : node.getOffset();
	}
}
