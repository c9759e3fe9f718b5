package dev.isthmus.studio.internal;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;
import org.eclipse.ui.ide.IDE;

import dev.isthmus.studio.StudioIds;

/** The workbench of Isthmus Studio: resource workspace, Isthmus perspective, workspace saved on exit. */
class StudioWorkbenchAdvisor extends WorkbenchAdvisor {

	private final StudioOpen open;

	/** @param open what {@code --open} asked for, or {@code null} */
	StudioWorkbenchAdvisor(StudioOpen open) {
		this.open = open;
	}

	/**
	 * Opens the windows as the workbench does, with a timer ticking on the UI thread meanwhile. The workbench spins
	 * the event loop until its start-up thread is done, and that thread's wake-up call is sometimes missed: with no
	 * input on the display (as under Xvfb, or a user waiting for the window) the loop then slept for 5 to 6 seconds
	 * in about one start of five. The tick bounds such a sleep to 50 ms.
	 */
	@Override
	public boolean openWindows() {
		org.eclipse.swt.widgets.Display display = getWorkbenchConfigurer().getWorkbench().getDisplay();
		boolean[] opened = { false };
		Runnable tick = new Runnable() {
			@Override
			public void run() {
				if (!opened[0] && !display.isDisposed()) {
					display.timerExec(50, this);
				}
			}
		};
		display.timerExec(50, tick);
		try {
			return super.openWindows();
		} finally {
			opened[0] = true;
		}
	}

	@Override
	public void postStartup() {
		super.postStartup();
		if (open != null) {
			open.run(getWorkbenchConfigurer().getWorkbench().getActiveWorkbenchWindow());
		}
	}

	@Override
	public void initialize(IWorkbenchConfigurer configurer) {
		super.initialize(configurer);
		configurer.setSaveAndRestore(true);
		// Project Explorer, Problems and the editors adapt resources through the IDE's adapters.
		IDE.registerAdapters();
		// The IDE application declares these; without them projects show without icons in Project Explorer.
		declareIdeImage(configurer, IDE.SharedImages.IMG_OBJ_PROJECT, "icons/full/obj16/prj_obj.png");
		declareIdeImage(configurer, IDE.SharedImages.IMG_OBJ_PROJECT_CLOSED, "icons/full/obj16/cprj_obj.png");
	}

	private static void declareIdeImage(IWorkbenchConfigurer configurer, String key, String path) {
		ResourceLocator.imageDescriptorFromBundle("org.eclipse.ui.ide", path)
				.ifPresent(image -> configurer.declareImage(key, image, true));
	}

	@Override
	public String getInitialWindowPerspectiveId() {
		return StudioIds.PERSPECTIVE;
	}

	@Override
	public IAdaptable getDefaultPageInput() {
		return ResourcesPlugin.getWorkspace().getRoot();
	}

	@Override
	public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
		return new StudioWindowAdvisor(configurer);
	}

	@Override
	public void postShutdown() {
		try {
			ResourcesPlugin.getWorkspace().save(true, new NullProgressMonitor());
		} catch (CoreException e) {
			ILog.of(getClass()).error("Could not save the workspace on exit; it is rebuilt from the files on the next start.", e);
		}
		super.postShutdown();
	}
}
