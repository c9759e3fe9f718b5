package dev.isthmus.dsl.linking;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.eclipse.xtext.resource.IEObjectDescription;

import dev.isthmus.dsl.typing.Suggestions;

/**
 * Unresolved references say what kind of thing was looked for, suggest the closest visible name, and say what to
 * do — instead of Xtext's "Couldn't resolve reference to …".
 */
public class IsthmusLinkingMessages extends LinkingDiagnosticMessageProvider {

	@com.google.inject.Inject
	private org.eclipse.xtext.scoping.IScopeProvider scopes;

	@Override
	public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
		String kind = describe(context.getReference().getEReferenceType().getName());
		String name = context.getLinkText();
		List<String> visible = new ArrayList<>();
		for (IEObjectDescription candidate : scopes.getScope(context.getContext(), context.getReference()).getAllElements()) {
			visible.add(candidate.getName().toString());
			if (visible.size() > 2_000) {
				break;
			}
		}
		String suggestion = Suggestions.closest(name, visible);
		String message = "there is no " + kind + " named '" + name + "' here"
				+ (suggestion != null ? "; did you mean '" + suggestion + "'?"
						: "; declare it, or import the package that declares it");
		return new DiagnosticMessage(message, Severity.ERROR, Diagnostic.LINKING_DIAGNOSTIC,
				suggestion == null ? new String[0] : new String[] { suggestion });
	}

	private static String describe(String eClass) {
		return switch (eClass) {
			case "Element" -> "model, enum or other element";
			case "Shape" -> "model or record";
			case "ExternalSystem" -> "system";
			default -> eClass.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
		};
	}
}
