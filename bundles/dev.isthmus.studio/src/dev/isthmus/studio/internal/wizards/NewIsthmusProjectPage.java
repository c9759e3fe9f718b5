package dev.isthmus.studio.internal.wizards;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.ui.dialogs.WizardNewProjectCreationPage;

/** Name and location of the new project (the platform's page) and what it starts with. */
final class NewIsthmusProjectPage extends WizardNewProjectCreationPage {

	/** {@code setData("id", …)} of the choice buttons, followed by the {@link ProjectStart}'s name. */
	static final String START_ID = "isthmus.projectStart.";

	private ProjectStart start = ProjectStart.EMPTY;

	NewIsthmusProjectPage() {
		super("newIsthmusProject");
		setTitle("Isthmus Project");
		setDescription("Create a project for .isl files; each save validates it and generates its connector"
				+ " configurations into the folder 'generated'.");
	}

	@Override
	public void createControl(Composite parent) {
		super.createControl(parent);
		Composite contents = (Composite) getControl();
		Group group = new Group(contents, SWT.NONE);
		group.setText("Start with");
		group.setLayout(new GridLayout(1, false));
		group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		for (ProjectStart choice : ProjectStart.values()) {
			Button button = new Button(group, SWT.RADIO);
			button.setText(choice.label());
			button.setData("id", START_ID + choice.name());
			button.setSelection(choice == start);
			button.addListener(SWT.Selection, e -> {
				if (button.getSelection()) {
					start = choice;
				}
			});
		}
	}

	/** What the project starts with. */
	ProjectStart start() {
		return start;
	}
}
