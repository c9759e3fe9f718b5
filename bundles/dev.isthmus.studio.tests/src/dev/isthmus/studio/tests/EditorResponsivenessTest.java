package dev.isthmus.studio.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * A 5,000-line file in the editor: typing, validation and content assist measured while a heartbeat on the UI
 * thread records its longest pause (a freeze the user would feel). The figures are written to
 * {@code target/screenshots/editor-responsiveness.txt} and printed; nothing here asserts a time (performance is
 * measured, not tested), only that validation and assist do their job on a file that size.
 */
class EditorResponsivenessTest {

	private static final int LINES = 5_000;
	private static final String UNIT = """
			model Order{i} {
			    key id : String
			    customer : String
			    total : Decimal(2) range 0 .. 1000000
			    currency : Currency
			    lines : OrderLine{i}[]
			    note : String?
			}

			model OrderLine{i} {
			    sku : String
			    amount : Decimal(2)
			}

			system Shop{i} kind billing {
			    record ShopOrder{i} json {
			        id : string
			        customer : string
			        amount : integer
			        currency : string
			        items : [ { sku : string, amount : integer } ]
			    }
			    endpoint orders webhook "/shop{i}/orders" receives ShopOrder{i}
			}

			mapping ShopOrderToOrder{i} : Shop{i}.ShopOrder{i} -> Order{i} {
			    id <- id
			    customer <- upper(customer)
			    total <- minorToDecimal(amount, currency)
			    currency <- upper(currency)
			    lines <- each items as item {
			        sku <- item.sku
			        amount <- minorToDecimal(item.amount, currency)
			    }
			}
			""";

	private IWorkbenchWindow window;
	private IProject project;

	@AfterEach
	void deleteProject() throws Exception {
		window.getActivePage().closeAllEditors(false);
		project.delete(true, true, new NullProgressMonitor());
	}

	@Test
	void typingValidationAndAssistOnA5000LineFile() throws Exception {
		window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		Display display = Display.getCurrent();
		UiDriver ui = new UiDriver(display);
		project = ResourcesPlugin.getWorkspace().getRoot().getProject("big");
		project.create(null);
		project.open(null);
		StringBuilder text = new StringBuilder("package big\n\n");
		for (int i = 0; text.chars().filter(c -> c == '\n').count() < LINES; i++) {
			text.append(UNIT.replace("{i}", Integer.toString(i))).append('\n');
		}
		String content = text.toString();
		int lines = (int) content.chars().filter(c -> c == '\n').count();
		project.getFile("big.isl").create(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), true, null);

		Heartbeat heartbeat = new Heartbeat(display);
		long opening = System.nanoTime();
		IslEditor editor = (IslEditor) IDE.openEditor(window.getActivePage(), project.getFile("big.isl"));
		long opened = System.nanoTime();
		boolean[] parsed = { false };
		editor.addParseListener(() -> parsed[0] = true);
		ui.waitUntil("the first parse of the big file", 60_000, () -> parsed[0]);
		long firstParse = System.nanoTime();

		StyledText widget = (StyledText) editor.getAdapter(Control.class);
		ui.click(widget);
		int last = content.lastIndexOf("sku <- item.sku") + "sku <- item.".length();
		widget.setCaretOffset(last);
		heartbeat.start();
		long typing = System.nanoTime();
		ui.type("skux");
		long typed = System.nanoTime();
		ui.waitUntil("the misspelt field at the end of the file is reported", 60_000,
				() -> EditorProbes.errors(editor).stream().anyMatch(m -> m.contains("'skusku'") || m.contains("skux")));
		long reported = System.nanoTime();
		long typingPause = heartbeat.longestPause();

		ui.press(SWT.BS);
		ui.press(SWT.BS);
		ui.press(SWT.BS);
		ui.press(SWT.BS);
		ui.waitUntil("the text is valid again", 60_000, () -> EditorProbes.errors(editor).isEmpty());
		ui.click(widget);
		widget.setCaretOffset(last);
		heartbeat.reset();
		long assistStart = System.nanoTime();
		ui.press(' ', SWT.CTRL);
		try {
			ui.waitUntil("content assist lists the item's fields", 60_000, () -> EditorProbes.popupListing("amount : Long") != null);
		} finally {
			ui.screenshot(window.getShell(), "editor-5000-lines");
		}
		long assistShown = System.nanoTime();
		long assistPause = heartbeat.longestPause();
		heartbeat.stop();
		ui.press(SWT.ESC);

		String report = String.format("""
				Editor on a %d-line .isl file (%d characters), 2-core machine, Xvfb:
				  open editor (UI thread):                    %5d ms
				  first parse + validation + colours (async): %5d ms after opening
				  typing 4 characters: longest UI pause       %5d ms (heartbeat every 5 ms)
				  error shown after the last keystroke:       %5d ms (400 ms of it is the reconciler's pause)
				  content assist popup after Ctrl+Space:      %5d ms, longest UI pause %d ms
				""", lines, content.length(), ms(opened - opening), ms(firstParse - opened), typingPause,
				ms(reported - typed), ms(assistShown - assistStart), assistPause);
		System.out.println(report);
		Path folder = Path.of(System.getProperty("isthmus.screenshots", "target/screenshots"));
		Files.createDirectories(folder);
		Files.writeString(folder.resolve("editor-responsiveness.txt"), report);
		assertTrue(typed > typing);
	}

	private static long ms(long nanos) {
		return nanos / 1_000_000;
	}

	/** Runs every 5 ms on the UI thread and remembers the longest gap between two runs: how long the UI froze. */
	private static final class Heartbeat implements Runnable {
		private final Display display;
		private boolean running;
		private long lastBeat;
		private long longest;

		Heartbeat(Display display) {
			this.display = display;
		}

		void start() {
			running = true;
			reset();
			display.timerExec(5, this);
		}

		void reset() {
			lastBeat = System.nanoTime();
			longest = 0;
		}

		void stop() {
			running = false;
		}

		long longestPause() {
			return longest / 1_000_000;
		}

		@Override
		public void run() {
			long now = System.nanoTime();
			longest = Math.max(longest, now - lastBeat);
			lastBeat = now;
			if (running) {
				display.timerExec(5, this);
			}
		}
	}
}
