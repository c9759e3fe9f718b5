package dev.isthmus.studio.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;

/**
 * A small test-side driver in place of SWTBot (not on Maven Central): finds widgets by the id set with
 * {@code setData("id", …)} or by type, and sends real mouse and keyboard input through {@link Display#post}.
 * Runs on the UI thread; waiting spins the event loop.
 */
final class UiDriver {

	private final Display display;

	UiDriver(Display display) {
		this.display = display;
	}

	/** Processes pending events until {@code condition} holds; fails after {@code millis}. */
	void waitUntil(String what, long millis, BooleanSupplier condition) {
		long deadline = System.currentTimeMillis() + millis;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > deadline) {
				throw new AssertionError("Timed out after " + millis + " ms waiting until " + what);
			}
			if (!display.readAndDispatch()) {
				display.timerExec(20, () -> { });
				display.sleep();
			}
		}
	}

	/** Processes pending events until {@code probe} gives a value; fails after {@code millis}. */
	<T> T waitFor(String what, long millis, java.util.function.Supplier<T> probe) {
		Object[] found = new Object[1];
		waitUntil(what, millis, () -> (found[0] = probe.get()) != null);
		@SuppressWarnings("unchecked")
		T result = (T) found[0];
		return result;
	}

	/** Lets posted input and the repaints it causes settle. */
	void settle(long millis) {
		long deadline = System.currentTimeMillis() + millis;
		while (System.currentTimeMillis() < deadline) {
			while (display.readAndDispatch()) {
				// drain
			}
			display.timerExec(10, () -> { });
			display.sleep();
		}
	}

	/** The first control below {@code root} of the given type, depth first. */
	<T extends Control> Optional<T> find(Composite root, Class<T> type) {
		for (Control child : root.getChildren()) {
			if (type.isInstance(child) && child.isVisible()) {
				return Optional.of(type.cast(child));
			}
			if (child instanceof Composite composite) {
				Optional<T> found = find(composite, type);
				if (found.isPresent()) {
					return found;
				}
			}
		}
		return Optional.empty();
	}

	/** The control below {@code root} whose {@code getData("id")} is {@code id}. */
	Optional<Control> findById(Composite root, String id) {
		for (Control child : root.getChildren()) {
			if (id.equals(child.getData("id"))) {
				return Optional.of(child);
			}
			if (child instanceof Composite composite) {
				Optional<Control> found = findById(composite, id);
				if (found.isPresent()) {
					return found;
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Clicks into the middle of a control with a real mouse event. Under Xvfb there is no window manager to give
	 * focus, so a click is what focuses a text widget before typing.
	 */
	void click(Control control) {
		Rectangle bounds = control.getBounds();
		Point center = control.getParent().toDisplay(bounds.x + bounds.width / 2, bounds.y + Math.min(bounds.height / 2, 20));
		post(mouse(SWT.MouseMove, center, 0));
		waitUntil("the pointer is over the control", 2000, () -> display.getCursorControl() == control);
		settle(100);
		post(mouse(SWT.MouseDown, center, 1));
		post(mouse(SWT.MouseUp, center, 1));
		settle(100);
		// A pointer resting over text opens a hover popup after a delay, and without a window manager that popup
		// takes the keyboard: park the pointer in a corner of the screen.
		post(mouse(SWT.MouseMove, new Point(0, display.getBounds().height - 1), 0));
		settle(50);
		// Without a window manager X does not move keyboard focus to the clicked shell; ask for it as a WM would.
		control.getShell().forceActive();
		control.setFocus();
		waitUntil("the control has keyboard focus", 2000, () -> display.getFocusControl() == control);
	}

	/**
	 * Picks a row of a popup list (content assist, quick fix) and presses Enter in it. Under Xvfb, with no window
	 * manager, a popup shell takes the keyboard, so keys pressed "in the editor" reach the popup's list: give the list
	 * the focus within its shell, as a click into it would, and press Enter there.
	 */
	void accept(org.eclipse.swt.widgets.TableItem item) {
		org.eclipse.swt.widgets.Table table = item.getParent();
		table.setSelection(item);
		table.setFocus();
		settle(100);
		press(SWT.CR);
	}

	/**
	 * A double-click on the item: a real click selects it (and activates the view); the second press is reported to
	 * the tree as SWT reports a double-click, a default selection of the item — under Xvfb, presses posted through
	 * XTest never reach GTK as a double-click (each arrives with count 1), so that part is sent to the widget.
	 */
	void doubleClick(org.eclipse.swt.widgets.Tree tree, org.eclipse.swt.widgets.TreeItem item) {
		tree.showItem(item);
		settle(100);
		Rectangle bounds = item.getBounds(0);
		Point center = tree.toDisplay(bounds.x + Math.min(bounds.width / 2, 30), bounds.y + bounds.height / 2);
		post(mouse(SWT.MouseMove, center, 0));
		waitUntil("the pointer is over the tree", 2000, () -> tree.getDisplay().getCursorControl() == tree);
		settle(100);
		post(mouse(SWT.MouseDown, center, 1));
		post(mouse(SWT.MouseUp, center, 1));
		waitUntil("the row is selected", 2000, () -> tree.getSelectionCount() == 1 && tree.getSelection()[0] == item);
		Event event = new Event();
		event.item = item;
		tree.notifyListeners(SWT.DefaultSelection, event);
		settle(200);
		// Park the pointer where no hover opens (see UiDriver.click).
		post(mouse(SWT.MouseMove, new Point(0, tree.getDisplay().getBounds().height - 1), 0));
		settle(50);
	}

	/** Types text key by key. */
	void type(String text) {
		for (char c : text.toCharArray()) {
			Event down = new Event();
			down.type = SWT.KeyDown;
			down.character = c;
			post(down);
			Event up = new Event();
			up.type = SWT.KeyUp;
			up.character = c;
			post(up);
			settle(15);
		}
	}

	/**
	 * Presses one key with modifiers held, e.g. {@code press(SWT.SPACE... )}: {@code key} is a character such as
	 * {@code ' '} or {@code '\r'}, or an SWT key code such as {@link SWT#F3}; {@code modifiers} are SWT key codes
	 * like {@link SWT#CTRL}.
	 */
	void press(int key, int... modifiers) {
		for (int modifier : modifiers) {
			post(keyEvent(SWT.KeyDown, modifier, (char) 0));
		}
		boolean character = key < 0x10000 && (key & SWT.KEYCODE_BIT) == 0;
		// Backspace, Enter, Tab, Escape and Delete reach GTK only as key codes (its keymap has no such characters).
		boolean control = key == SWT.BS || key == SWT.CR || key == SWT.TAB || key == SWT.ESC || key == SWT.DEL;
		int code = control || !character ? key : 0;
		char typed = character ? (char) key : (char) 0;
		post(keyEvent(SWT.KeyDown, code, typed));
		post(keyEvent(SWT.KeyUp, code, typed));
		for (int i = modifiers.length - 1; i >= 0; i--) {
			post(keyEvent(SWT.KeyUp, modifiers[i], (char) 0));
		}
		settle(50);
	}

	private static Event keyEvent(int type, int keyCode, char character) {
		Event event = new Event();
		event.type = type;
		event.keyCode = keyCode;
		event.character = character;
		return event;
	}

	/** Saves what {@code shell} shows as a PNG into the folder named by the isthmus.screenshots property. */
	Path screenshot(Shell shell, String name) throws Exception {
		Path folder = Path.of(System.getProperty("isthmus.screenshots", "target/screenshots"));
		Files.createDirectories(folder);
		Rectangle area = shell.getBounds();
		Image image = new Image(display, area.width, area.height);
		GC gc = new GC(display);
		try {
			gc.copyArea(image, area.x, area.y);
			ImageLoader saver = new ImageLoader();
			saver.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
			Path file = folder.resolve(name + ".png");
			saver.save(file.toString(), SWT.IMAGE_PNG);
			return file;
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	private void post(Event event) {
		if (!display.post(event)) {
			throw new AssertionError("Display.post refused a " + event.type + " event: no X server to send it to?");
		}
	}

	private static Event mouse(int type, Point at, int button) {
		Event event = new Event();
		event.type = type;
		event.x = at.x;
		event.y = at.y;
		event.button = button;
		return event;
	}
}
