package dev.isthmus.studio.internal;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;

import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

import dev.isthmus.studio.StudioIds;

/** Starts Isthmus Studio: claims the workspace folder, then runs the workbench until the last window closes. */
public class StudioApplication implements IApplication {

	@Override
	public Object start(IApplicationContext context) throws Exception {
		Display display = PlatformUI.createDisplay();
		try {
			if (!claimWorkspace(display)) {
				return EXIT_OK;
			}
			String[] arguments = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
			warmUpLanguage();
			int code = PlatformUI.createAndRunWorkbench(display, new StudioWorkbenchAdvisor(StudioOpen.of(arguments)));
			return code == PlatformUI.RETURN_RESTART ? EXIT_RESTART : EXIT_OK;
		} finally {
			display.dispose();
			Location instance = Platform.getInstanceLocation();
			if (instance != null && instance.isLocked()) {
				instance.release();
			}
		}
	}

	/**
	 * Sets up the language (the editor's IDE services and the builder's headless parser: a second or two each) on
	 * another core while the workbench starts on this one, so that neither the first editor nor the first build
	 * waits for it. Both are plain Xtext, without SWT or workspace.
	 */
	private static void warmUpLanguage() {
		Thread warmUp = new Thread(() -> {
			dev.isthmus.dsl.ide.editor.IslIde.injector();
			dev.isthmus.dsl.project.StandaloneLanguage.injector();
		}, "Isthmus language set-up");
		warmUp.setDaemon(true);
		warmUp.start();
	}

	/**
	 * Locks the workspace folder so that two Studios never write one workspace. The folder comes from
	 * {@code -data}, else {@code osgi.instance.area.default} of the product ({@code ~/isthmus-workspace}).
	 */
	private static boolean claimWorkspace(Display display) throws IOException {
		Location instance = Platform.getInstanceLocation();
		if (instance == null) {
			MessageDialog.openError(null, StudioIds.WINDOW_TITLE,
					"Isthmus Studio needs a workspace folder, but was started with '-data @none'. "
							+ "Start it with '-data <folder>' or without -data.");
			return false;
		}
		if (!instance.isSet()) {
			URL fallback = Path.of(System.getProperty("user.home"), "isthmus-workspace").toUri().toURL();
			instance.set(fallback, false);
		}
		if (instance.lock()) {
			return true;
		}
		MessageDialog.openError(null, StudioIds.WINDOW_TITLE, "The workspace " + instance.getURL().getPath()
				+ " is in use by another Isthmus Studio. Close that one, or start this one with '-data <another folder>'.");
		return false;
	}

	@Override
	public void stop() {
		if (!PlatformUI.isWorkbenchRunning()) {
			return;
		}
		IWorkbench workbench = PlatformUI.getWorkbench();
		Display display = workbench.getDisplay();
		display.syncExec(() -> {
			if (!display.isDisposed()) {
				workbench.close();
			}
		});
	}
}
