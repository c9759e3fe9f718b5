package dev.isthmus.studio.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.console.IConsoleConstants;

import dev.isthmus.studio.StudioIds;

/**
 * Project Explorer on the left, editors in the middle, Outline and the Flow view on the right; Problems, Console, the
 * Mapping view and the Mapping preview below.
 */
public class IsthmusPerspective implements IPerspectiveFactory {

	@Override
	public void createInitialLayout(IPageLayout layout) {
		String editors = layout.getEditorArea();

		IFolderLayout left = layout.createFolder("dev.isthmus.studio.left", IPageLayout.LEFT, 0.22f, editors);
		left.addView(IPageLayout.ID_PROJECT_EXPLORER);

		IFolderLayout bottom = layout.createFolder("dev.isthmus.studio.bottom", IPageLayout.BOTTOM, 0.72f, editors);
		bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
		bottom.addView(IConsoleConstants.ID_CONSOLE_VIEW);
		bottom.addView(StudioIds.MAPPING_VIEW);
		bottom.addView(StudioIds.MAPPING_PREVIEW_VIEW);

		IFolderLayout right = layout.createFolder("dev.isthmus.studio.right", IPageLayout.RIGHT, 0.75f, editors);
		right.addView(IPageLayout.ID_OUTLINE);
		right.addView(StudioIds.FLOW_VIEW);
		right.addPlaceholder(IPageLayout.ID_PROP_SHEET);

		for (String view : new String[] { IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.ID_OUTLINE,
				IPageLayout.ID_PROBLEM_VIEW, IConsoleConstants.ID_CONSOLE_VIEW, IPageLayout.ID_PROP_SHEET, StudioIds.MAPPING_VIEW,
				StudioIds.FLOW_VIEW, StudioIds.MAPPING_PREVIEW_VIEW }) {
			layout.addShowViewShortcut(view);
		}
		layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.project");
		layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.folder");
		layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.file");
		layout.addPerspectiveShortcut(StudioIds.PERSPECTIVE);
	}
}
