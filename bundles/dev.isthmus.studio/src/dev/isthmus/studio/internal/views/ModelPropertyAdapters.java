package dev.isthmus.studio.internal.views;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.ui.views.properties.IPropertySource;

/**
 * Gives the rows of the Mapping and Flow views their properties for the Properties view; registered in
 * {@code plugin.xml}, so that the rows stay plain records without Eclipse types.
 */
public final class ModelPropertyAdapters implements IAdapterFactory {

	@Override
	public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
		if (!IPropertySource.class.equals(adapterType)) {
			return null;
		}
		ElementFacts facts = switch (adaptable) {
			case MappingRow row -> row.facts();
			case FlowNode node -> node.facts();
			default -> null;
		};
		return facts == null ? null : adapterType.cast(new ModelPropertySource(facts));
	}

	@Override
	public Class<?>[] getAdapterList() {
		return new Class<?>[] { IPropertySource.class };
	}
}
