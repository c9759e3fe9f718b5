package dev.isthmus.dsl.typing;

import java.util.IdentityHashMap;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;

import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.Field;
import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.isthmus.Source;
import dev.isthmus.dsl.isthmus.Step;
import dev.isthmus.dsl.isthmus.TestCase;
import dev.isthmus.library.IslType;

/**
 * The inferred type of any expression, for tools (hover, content assist, the preview): types the construct the
 * expression belongs to, as the validator does, and reports what it found for this expression.
 */
public final class ExpressionTypes {

	private ExpressionTypes() {
	}

	/** The type of {@code e} in its place; {@link IslType#ANY} when it cannot be typed there. */
	public static IslType typeOf(Expression e) {
		Map<Expression, IslType> seen = new IdentityHashMap<>();
		ExpressionTyper typer = ExpressionTyper.recording(seen::put);
		ProjectIndex project = e.eResource() == null || e.eResource().getResourceSet() == null
				? ProjectIndex.of(new org.eclipse.emf.ecore.resource.impl.ResourceSetImpl())
				: ProjectIndex.of(e.eResource().getResourceSet());
		Mapping mapping = EcoreUtil2.getContainerOfType(e, Mapping.class);
		if (mapping != null && mapping.getSource() != null && mapping.getTarget() != null) {
			typer.rules().check(mapping.getRules(), ShapeTypes.of(mapping.getTarget()),
					TypeScope.of(ShapeTypes.of(mapping.getSource()), project), mapping, Problems.NONE);
		} else {
			Expression top = outermost(e);
			IslType root = null;
			TypeScope scope;
			Step step = EcoreUtil2.getContainerOfType(e, Step.class);
			Source source = EcoreUtil2.getContainerOfType(e, Source.class);
			if (EcoreUtil2.getContainerOfType(e, TestCase.class) != null) {
				scope = TypeScope.ofTest(project);
			} else {
				if (step != null && step.eContainer() instanceof dev.isthmus.dsl.isthmus.Flow) {
					root = FlowTypes.before(step, typer, project);
				} else if (source != null) {
					root = source.getEndpoint() == null || source.getEndpoint().getRecord() == null ? null
							: ShapeTypes.of(source.getEndpoint().getRecord());
				}
				scope = TypeScope.of(root, project);
			}
			Field field = top.eContainer() instanceof Field f ? f : null;
			typer.type(top, scope, field == null ? null : ShapeTypes.of(field), Problems.NONE);
		}
		return seen.getOrDefault(e, IslType.ANY);
	}

	private static Expression outermost(Expression e) {
		Expression top = e;
		for (EObject c = e.eContainer(); c instanceof Expression x; c = c.eContainer()) {
			top = x;
		}
		return top;
	}
}
