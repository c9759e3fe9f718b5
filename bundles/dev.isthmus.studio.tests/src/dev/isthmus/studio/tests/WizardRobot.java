package dev.isthmus.studio.tests;

import java.util.Optional;

import org.eclipse.jface.wizard.IWizard;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Drives a wizard dialog as a user would: opens it without blocking, types into its fields and presses its
 * buttons with real input ({@link UiDriver}), and waits (bounded) until it closes.
 */
final class WizardRobot {

	private final UiDriver ui;
	private final WizardDialog dialog;

	private WizardRobot(UiDriver ui, WizardDialog dialog) {
		this.ui = ui;
		this.dialog = dialog;
	}

	/** Opens {@code wizard} in a dialog over {@code parent} and lets it paint. */
	static WizardRobot open(UiDriver ui, Shell parent, IWizard wizard) {
		WizardDialog dialog = new WizardDialog(parent, wizard);
		dialog.setBlockOnOpen(false);
		dialog.open();
		WizardRobot robot = new WizardRobot(ui, dialog);
		ui.waitUntil("the wizard is visible", 5000, () -> dialog.getShell() != null && dialog.getShell().isVisible());
		ui.settle(200);
		return robot;
	}

	Shell shell() {
		return dialog.getShell();
	}

	/** The control with {@code setData("id", id)}; fails naming the id if there is none. */
	Control byId(String id) {
		return ui.findById(shell(), id).orElseThrow(() -> new AssertionError("the wizard has no control with id " + id));
	}

	/** The {@code index}-th visible text field of the dialog, in layout order. */
	Text text(int index) {
		return texts().get(index);
	}

	/** The visible text fields of the dialog, in layout order. */
	java.util.List<Text> texts() {
		return texts(shell(), new java.util.ArrayList<>());
	}

	private static java.util.List<Text> texts(Composite root, java.util.List<Text> found) {
		for (Control child : root.getChildren()) {
			if (child instanceof Text text && text.isVisible()) {
				found.add(text);
			} else if (child instanceof Composite composite) {
				texts(composite, found);
			}
		}
		return found;
	}

	/** Replaces the text of a field by typing: click into it, select all, type. */
	void typeInto(Text field, String text) {
		ui.click(field);
		field.selectAll();
		ui.type(text);
		ui.waitUntil("the field shows what was typed", 2000, () -> field.getText().equals(text));
	}

	/** Clicks a control (a radio button, a check box). */
	void click(Control control) {
		ui.click(control);
	}

	/** Whether Finish is enabled: the wizard accepts what is on its pages. */
	boolean canFinish() {
		return button("&Finish").isEnabled();
	}

	/** Presses Finish with the mouse and waits until the dialog closes; fails with its message if it stays open. */
	void finish() {
		Button finish = button("&Finish");
		if (!finish.isEnabled()) {
			throw new AssertionError("Finish is disabled: " + dialog.getCurrentPage().getErrorMessage());
		}
		press(finish);
		ui.waitUntil("the wizard closes after Finish (it says: " + message() + ")", 60_000,
				() -> dialog.getShell() == null || dialog.getShell().isDisposed());
	}

	/** Presses Finish and waits until the wizard, still open, shows an error message. */
	String finishExpectingError() {
		press(button("&Finish"));
		ui.waitUntil("the wizard shows an error", 60_000, () -> dialog.getShell() != null
				&& dialog.getCurrentPage().getErrorMessage() != null && button("&Finish").isEnabled());
		return dialog.getCurrentPage().getErrorMessage();
	}

	void cancel() {
		if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
			dialog.close();
		}
	}

	private String message() {
		return dialog.getShell() == null || dialog.getShell().isDisposed() ? "" : dialog.getCurrentPage().getErrorMessage();
	}

	private Button button(String label) {
		return button(shell(), label);
	}

	/** The push button labelled {@code label} in {@code shell}. */
	static Button button(Shell shell, String label) {
		return find(shell, label).orElseThrow(() -> new AssertionError(shell.getText() + " has no button " + label));
	}

	private static Optional<Button> find(Composite root, String label) {
		for (Control child : root.getChildren()) {
			if (child instanceof Button button && label.equals(button.getText())) {
				return Optional.of(button);
			}
			if (child instanceof Composite composite) {
				Optional<Button> found = find(composite, label);
				if (found.isPresent()) {
					return found;
				}
			}
		}
		return Optional.empty();
	}

	private void press(Button button) {
		press(ui, button);
	}

	/** A real click on a push button; unlike {@link UiDriver#click} it does not wait for focus afterwards. */
	static void press(UiDriver ui, Button button) {
		Display display = button.getDisplay();
		Rectangle bounds = button.getBounds();
		Point center = button.getParent().toDisplay(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
		post(display, SWT.MouseMove, center, 0);
		ui.waitUntil("the pointer is over " + button.getText(), 2000, () -> display.getCursorControl() == button);
		ui.settle(100);
		post(display, SWT.MouseDown, center, 1);
		post(display, SWT.MouseUp, center, 1);
		ui.settle(100);
	}

	private static void post(Display display, int type, Point at, int button) {
		Event event = new Event();
		event.type = type;
		event.x = at.x;
		event.y = at.y;
		event.button = button;
		if (!display.post(event)) {
			throw new AssertionError("the display refused a posted mouse event");
		}
	}
}
