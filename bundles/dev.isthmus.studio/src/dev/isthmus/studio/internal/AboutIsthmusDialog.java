package dev.isthmus.studio.internal;

import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.FrameworkUtil;

import dev.isthmus.studio.StudioIds;

/**
 * Help → About: the product's name, icon and the exact build version. The platform's About dialog only shows a
 * static text, and a version typed there goes stale with every build.
 */
public class AboutIsthmusDialog extends Dialog {

	/** Id of the Help menu's About action. */
	public static final String ACTION_ID = "dev.isthmus.studio.about";
	/** {@code Widget.getData("id")} of the label showing the version, for UI tests. */
	public static final String VERSION_LABEL_ID = "dev.isthmus.studio.about.version";

	private Image icon;

	public AboutIsthmusDialog(Shell parent) {
		super(parent);
	}

	/** The running Studio's version: the {@code Bundle-Version} of this bundle, qualifier included. */
	public static String version() {
		return FrameworkUtil.getBundle(AboutIsthmusDialog.class).getVersion().toString();
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("About " + StudioIds.WINDOW_TITLE);
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		GridLayoutFactory.swtDefaults().numColumns(2).margins(12, 12).spacing(16, 6).applyTo(area);

		Label image = new Label(area, SWT.NONE);
		icon = ResourceLocator.imageDescriptorFromBundle(getClass(), "icons/isthmus64.png")
				.map(d -> d.createImage()).orElse(null);
		image.setImage(icon);
		GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).span(1, 4).applyTo(image);

		Label name = new Label(area, SWT.NONE);
		name.setText(StudioIds.WINDOW_TITLE);
		name.setFont(org.eclipse.jface.resource.JFaceResources.getHeaderFont());

		Label version = new Label(area, SWT.NONE);
		version.setText("Version " + version());
		version.setData("id", VERSION_LABEL_ID);

		Label runtime = new Label(area, SWT.NONE);
		runtime.setText("Java " + Runtime.version() + " · " + Platform.getOS() + "/" + Platform.getWS() + "/"
				+ Platform.getOSArch());

		Label purpose = new Label(area, SWT.WRAP);
		purpose.setText("Integration modelling for SaaS systems and ERPs: canonical models, mappings, flows,\n"
				+ "tests and what-if scenarios in one language, executed by one engine.");
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
	}

	@Override
	public boolean close() {
		if (icon != null) {
			icon.dispose();
		}
		return super.close();
	}
}
