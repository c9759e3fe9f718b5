package dev.isthmus.dsl.typing;

import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.MapStep;
import dev.isthmus.dsl.isthmus.Source;
import dev.isthmus.dsl.isthmus.SplitStep;
import dev.isthmus.dsl.isthmus.Step;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.ListType;

/** The type of the record a flow carries at each step: the source's, then what each map or split makes of it. */
public final class FlowTypes {

	private FlowTypes() {
	}

	/** The record type as the source delivers it (the selected shape when the source selects one). */
	public static IslType ofSource(Source source) {
		if (source.getShape() != null) {
			return ShapeTypes.of(source.getShape());
		}
		return source.getEndpoint() == null || source.getEndpoint().eIsProxy() || source.getEndpoint().getRecord() == null
				? IslType.ANY
				: ShapeTypes.of(source.getEndpoint().getRecord());
	}

	/** The record type that arrives at {@code step} (before it runs). */
	public static IslType before(Step step, ExpressionTyper typer, ProjectIndex project) {
		Flow flow = (Flow) step.eContainer();
		IslType current = flow.getSource() == null ? IslType.ANY : ofSource(flow.getSource());
		for (Step s : flow.getSteps()) {
			if (s == step) {
				return current;
			}
			current = after(s, current, typer, project);
		}
		return current;
	}

	/** The record type a step hands on, given the type that arrives. */
	public static IslType after(Step step, IslType current, ExpressionTyper typer, ProjectIndex project) {
		if (step instanceof MapStep map) {
			return map.getMapping() == null || map.getMapping().eIsProxy() || map.getMapping().getTarget() == null
					? IslType.ANY
					: ShapeTypes.of(map.getMapping().getTarget());
		}
		if (step instanceof SplitStep split) {
			IslType collection = typer.type(split.getCollection(), TypeScope.of(current, project), null, Problems.NONE);
			return collection.required() instanceof ListType list ? list.element() : IslType.ANY;
		}
		return current;
	}
}
