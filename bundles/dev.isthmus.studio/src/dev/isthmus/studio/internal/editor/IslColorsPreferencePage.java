package dev.isthmus.studio.internal.editor;

import org.eclipse.jface.preference.ColorFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window → Preferences → Isthmus Editor: a colour per kind of text; open editors repaint on OK or Apply. */
public class IslColorsPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

	public IslColorsPreferencePage() {
		super(GRID);
		setPreferenceStore(IslColors.store());
		setDescription("Colours of the Isthmus editor. Declared names, references and types are coloured by what "
				+ "they mean, after the file is parsed.");
	}

	@Override
	protected void createFieldEditors() {
		for (IslColors.Kind kind : IslColors.Kind.values()) {
			addField(new ColorFieldEditor(kind.key, kind.label + ":", getFieldEditorParent()));
		}
	}

	@Override
	public void init(IWorkbench workbench) {
		// the store is set in the constructor
	}
}
