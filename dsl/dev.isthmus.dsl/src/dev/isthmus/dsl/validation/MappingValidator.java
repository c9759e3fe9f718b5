package dev.isthmus.dsl.validation;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.xtext.validation.Check;

import dev.isthmus.dsl.isthmus.IsthmusPackage;
import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.typing.ShapeTypes;
import dev.isthmus.dsl.typing.TypeScope;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.ObjectType;

/** Mappings: every rule typed against its target field, required fields mapped, unread source fields noted. */
public class MappingValidator extends TypingSupport {

	public static final String UNREAD_SOURCE_FIELD = "dev.isthmus.dsl.unreadSourceField";

	@Check
	public void rulesFitTheTarget(Mapping mapping) {
		if (mapping.getSource() == null || mapping.getTarget() == null) {
			return;
		}
		IslType source = ShapeTypes.of(mapping.getSource());
		TypeScope scope = TypeScope.of(source, project(mapping));
		typer.rules().check(mapping.getRules(), ShapeTypes.of(mapping.getTarget()), scope, mapping, problems(mapping));
		if (source instanceof ObjectType object) {
			List<String> unread = new ArrayList<>(object.members().names());
			unread.removeAll(scope.readMembers());
			if (!unread.isEmpty() && !mapping.getRules().isEmpty()) {
				info("never read from " + object.display() + ": " + String.join(", ",
						unread.stream().map(dev.isthmus.dsl.typing.Suggestions::written).toList()), mapping,
						IsthmusPackage.Literals.MAPPING__SOURCE, UNREAD_SOURCE_FIELD, unread.toArray(String[]::new));
			}
		}
	}
}
