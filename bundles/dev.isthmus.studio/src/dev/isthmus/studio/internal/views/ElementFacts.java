package dev.isthmus.studio.internal.views;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import dev.isthmus.dsl.typing.ProjectIndex;

/**
 * What the Properties view shows of one model element, copied out of the EMF model while the document's lock is
 * held: the rows of the model views outlive the parse they came from, so they keep text, never EObjects.
 *
 * @param kind          the element's kind in the language's words, e.g. {@code MappingRule}, {@code RouteStep}
 * @param name          its name, or the empty string when it has none
 * @param qualifiedName {@code package.Element} for declarations, else the empty string
 * @param type          its type as the checker infers it, or the empty string
 * @param file          the file it is written in (name only), or the empty string
 * @param line          the 1-based line where it starts, or 0 when unknown
 * @param attributes    the element's EMF attributes that are set, by name, as text
 */
public record ElementFacts(String kind, String name, String qualifiedName, String type, String file, int line,
		Map<String, String> attributes) {

	/** Facts of {@code element}; {@code type} may be {@code null}. Call while holding the document's lock. */
	public static ElementFacts of(EObject element, String type) {
		Map<String, String> attributes = new LinkedHashMap<>();
		for (EAttribute attribute : element.eClass().getEAllAttributes()) {
			if (element.eIsSet(attribute)) {
				attributes.put(attribute.getName(), String.valueOf(element.eGet(attribute)));
			}
		}
		// a rule is named by the field it fills
		String name = attributes.getOrDefault("name", attributes.getOrDefault("target", ""));
		String qualified = ProjectIndex.qualifiedName(element);
		ICompositeNode node = NodeModelUtils.getNode(element);
		return new ElementFacts(element.eClass().getName(), name, qualified == null ? "" : qualified,
				type == null ? "" : type, fileOf(element), node == null ? 0 : node.getStartLine(), java.util.Collections.unmodifiableMap(attributes));
	}

	private static String fileOf(EObject element) {
		URI uri = element.eResource() == null ? null : element.eResource().getURI();
		if (uri == null) {
			return "";
		}
		return uri.isFile() ? Path.of(uri.toFileString()).getFileName().toString() : uri.lastSegment();
	}
}
