package dev.isthmus.studio.internal.views;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.ui.views.properties.IPropertySheetPage;
import org.eclipse.ui.views.properties.IPropertySource;

import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * Gives the rows of the Mapping and Flow views their properties for the Properties view, and the {@code .isl}
 * editor its Properties page (the element under the caret); registered in {@code plugin.xml}, so that the rows stay
 * plain records without Eclipse types and the editor does not depend on the views.
 */
public final class ModelPropertyAdapters implements IAdapterFactory {

	@Override
	public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
		if (IPropertySheetPage.class.equals(adapterType) && adaptable instanceof IslEditor) {
			return adapterType.cast(new EditorPropertiesPage());
		}
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
		return new Class<?>[] { IPropertySource.class, IPropertySheetPage.class };
	}
}
