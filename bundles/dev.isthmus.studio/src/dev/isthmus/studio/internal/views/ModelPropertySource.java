package dev.isthmus.studio.internal.views;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;

/**
 * The properties of a model element in the standard Properties view: what it is and where (kind, name, qualified
 * name, type, file, line) and the attributes the EMF model holds for it. Read-only: the text is the source of truth,
 * edits happen in the editor.
 */
final class ModelPropertySource implements IPropertySource {

	private static final String ELEMENT = "Element";
	private static final String ATTRIBUTES = "Attributes";

	private final Map<String, String> values = new LinkedHashMap<>();
	private final List<IPropertyDescriptor> descriptors = new ArrayList<>();

	ModelPropertySource(ElementFacts facts) {
		add(ELEMENT, "kind", facts.kind());
		add(ELEMENT, "name", facts.name());
		add(ELEMENT, "qualified name", facts.qualifiedName());
		add(ELEMENT, "type", facts.type());
		add(ELEMENT, "file", facts.file());
		add(ELEMENT, "line", facts.line() == 0 ? "" : Integer.toString(facts.line()));
		facts.attributes().forEach((name, value) -> add(ATTRIBUTES, name, value));
	}

	private void add(String category, String name, String value) {
		String id = category + "." + name;
		PropertyDescriptor descriptor = new PropertyDescriptor(id, name);
		descriptor.setCategory(category);
		descriptors.add(descriptor);
		values.put(id, value);
	}

	@Override
	public Object getEditableValue() {
		return this;
	}

	@Override
	public IPropertyDescriptor[] getPropertyDescriptors() {
		return descriptors.toArray(IPropertyDescriptor[]::new);
	}

	@Override
	public Object getPropertyValue(Object id) {
		return values.get(id);
	}

	@Override
	public boolean isPropertySet(Object id) {
		return false;
	}

	@Override
	public void resetPropertyValue(Object id) {
		// read-only
	}

	@Override
	public void setPropertyValue(Object id, Object value) {
		// read-only
	}
}
