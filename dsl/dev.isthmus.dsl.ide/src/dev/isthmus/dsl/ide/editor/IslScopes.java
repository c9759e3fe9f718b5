package dev.isthmus.dsl.ide.editor;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;

import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.isthmus.MappingRule;
import dev.isthmus.dsl.isthmus.Source;
import dev.isthmus.dsl.isthmus.Step;
import dev.isthmus.dsl.typing.ExpressionTyper;
import dev.isthmus.dsl.typing.FlowTypes;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.dsl.typing.ShapeTypes;
import dev.isthmus.library.IslType;

/** The record types that names resolve against at a place: what content assist and navigation need to know. */
public final class IslScopes {

	private IslScopes() {
	}

	/** The record whose fields plain names read at {@code context}: a mapping's source, the record at a flow step. */
	public static IslType rootType(EObject context) {
		Mapping mapping = EcoreUtil2.getContainerOfType(context, Mapping.class);
		if (mapping != null) {
			return mapping.getSource() == null || mapping.getSource().eIsProxy() ? IslType.ANY
					: ShapeTypes.of(mapping.getSource());
		}
		Step step = EcoreUtil2.getContainerOfType(context, Step.class);
		if (step != null && step.eContainer() instanceof Flow && step.eResource() != null) {
			return FlowTypes.before(step, ExpressionTyper.recording((e, t) -> {
			}), ProjectIndex.of(step.eResource().getResourceSet()));
		}
		Source source = EcoreUtil2.getContainerOfType(context, Source.class);
		if (source != null) {
			return source.getEndpoint() == null || source.getEndpoint().eIsProxy() || source.getEndpoint().getRecord() == null
					? IslType.ANY
					: ShapeTypes.of(source.getEndpoint().getRecord());
		}
		return IslType.ANY;
	}

	/** The object a rule fills: the mapping's target for a top-level rule, the field's type for a nested block. */
	public static IslType targetType(MappingRule rule) {
		EObject container = rule.eContainer();
		if (container instanceof Mapping mapping) {
			return mapping.getTarget() == null || mapping.getTarget().eIsProxy() ? IslType.ANY
					: ShapeTypes.of(mapping.getTarget());
		}
		if (container instanceof MappingRule outer) {
			IslType outerType = targetType(outer);
			IslType field = outerType.required() instanceof IslType.ObjectType o ? o.members().member(outer.getTarget())
					: null;
			return field == null ? IslType.ANY : elementOf(field);
		}
		if (container instanceof Expression) {
			// '{ … }' objects and 'each' blocks: the type of the list or object the outer rule fills
			MappingRule outer = EcoreUtil2.getContainerOfType(container, MappingRule.class);
			if (outer != null) {
				IslType outerType = targetType(outer);
				IslType field = outerType.required() instanceof IslType.ObjectType o
						? o.members().member(outer.getTarget())
						: null;
				return field == null ? IslType.ANY : elementOf(field);
			}
		}
		return IslType.ANY;
	}

	private static IslType elementOf(IslType type) {
		IslType required = type.required();
		return required instanceof IslType.ListType list ? list.element().required() : required;
	}
}
