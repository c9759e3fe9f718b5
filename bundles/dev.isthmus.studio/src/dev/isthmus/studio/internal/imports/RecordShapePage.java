package dev.isthmus.studio.internal.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.isthmus.importer.RecordImporter;
import dev.isthmus.importer.RecordImporter.Source;

/** The sample or schema to import, the record's name, an optional JSON pointer and the target {@code .isl} file. */
final class RecordShapePage extends WizardPage {

	/** {@code setData("id", …)} of the page's fields, for tests. */
	static final String SAMPLE_ID = "isthmus.import.sample";
	static final String FORMAT_ID = "isthmus.import.format";
	static final String NAME_ID = "isthmus.import.name";
	static final String POINTER_ID = "isthmus.import.pointer";
	static final String TARGET_ID = "isthmus.import.target";

	private final String initialSample;
	private final String initialTarget;
	private Text sample;
	private Combo format;
	private Text name;
	private Text pointer;
	private Text target;

	RecordShapePage(String initialSample, String initialTarget) {
		super("recordShape");
		this.initialSample = initialSample;
		this.initialTarget = initialTarget;
		setTitle("Import a Record Shape");
		setDescription("Infer a record declaration from a sample JSON, NDJSON or CSV file or a JSON Schema,"
				+ " as 'isthmus import' does, and add it to an .isl file.");
	}

	@Override
	public void createControl(Composite parent) {
		Composite contents = new Composite(parent, SWT.NONE);
		contents.setLayout(new GridLayout(3, false));
		sample = field(contents, "&Sample or schema:", SAMPLE_ID, initialSample);
		Button browse = new Button(contents, SWT.PUSH);
		browse.setText("B&rowse...");
		browse.addListener(SWT.Selection, e -> browse());
		label(contents, "&Format:");
		format = new Combo(contents, SWT.READ_ONLY);
		format.setData("id", FORMAT_ID);
		for (Source source : Source.values()) {
			format.add(source.name().toLowerCase(Locale.ROOT));
		}
		format.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		name = field(contents, "Record &name:", NAME_ID, "");
		pointer = field(contents, "JSON &pointer:", POINTER_ID, "");
		pointer.setMessage("optional, e.g. /resources/invoice");
		target = field(contents, "&Target .isl file:", TARGET_ID, initialTarget);
		target.setMessage("workspace path, e.g. /project/systems/imported.isl");
		suggestFromSample();
		sample.addModifyListener(e -> {
			suggestFromSample();
			check();
		});
		format.addModifyListener(e -> check());
		name.addModifyListener(e -> check());
		target.addModifyListener(e -> check());
		setControl(contents);
		check();
	}

	private Text field(Composite contents, String text, String id, String initial) {
		label(contents, text);
		Text field = new Text(contents, SWT.BORDER | SWT.SINGLE);
		field.setData("id", id);
		field.setText(initial == null ? "" : initial);
		field.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, id.equals(SAMPLE_ID) ? 1 : 2, 1));
		return field;
	}

	private static void label(Composite contents, String text) {
		new Label(contents, SWT.NONE).setText(text);
	}

	private void browse() {
		FileDialog dialog = new FileDialog(getShell(), SWT.OPEN);
		dialog.setFilterExtensions(new String[] { "*.json;*.ndjson;*.jsonl;*.csv", "*.*" });
		String chosen = dialog.open();
		if (chosen != null) {
			sample.setText(chosen);
		}
	}

	/** A new sample suggests its format and a record name (stripe-invoice.json: json, StripeInvoice). */
	private void suggestFromSample() {
		Path path = samplePath();
		if (path == null || path.getFileName() == null) {
			return;
		}
		format.select(RecordShapeImport.sourceFor(path.getFileName().toString()).ordinal());
		name.setText(RecordImporter.nameFor(path));
	}

	private void check() {
		String problem = problem();
		setErrorMessage(problem);
		setPageComplete(problem == null);
	}

	private String problem() {
		Path path = samplePath();
		if (path == null || !Files.isRegularFile(path)) {
			return sample.getText().isBlank() ? "Choose the sample file or JSON Schema to import."
					: "'" + sample.getText() + "' is not a file; give a file system path or a workspace path like /project/samples/x.json.";
		}
		if (target.getText().isBlank() || !IPath.fromOSString(target.getText().trim()).isAbsolute()
				|| IPath.fromOSString(target.getText().trim()).segmentCount() < 2) {
			return "Give the target .isl file as a workspace path, e.g. /project/systems/imported.isl.";
		}
		if (!ResourcesPlugin.getWorkspace().getRoot().getProject(IPath.fromOSString(target.getText().trim()).segment(0))
				.isAccessible()) {
			return "The target's project '" + IPath.fromOSString(target.getText().trim()).segment(0)
					+ "' does not exist or is closed; the target must be in an open project.";
		}
		String problem = request().problem();
		return problem;
	}

	/** The sample as a file system path: a workspace path (/project/…) if there is such a file, else as typed. */
	private Path samplePath() {
		String text = sample.getText().trim();
		if (text.isEmpty()) {
			return null;
		}
		if (IPath.fromOSString(text).segmentCount() >= 2
				&& ResourcesPlugin.getWorkspace().getRoot().findMember(text) instanceof IFile file
				&& file.getLocation() != null) {
			return file.getLocation().toPath();
		}
		return Path.of(text);
	}

	/** The import the fields describe (valid once the page is complete). */
	RecordShapeImport request() {
		IFile targetFile = ResourcesPlugin.getWorkspace().getRoot().getFile(IPath.fromOSString(target.getText().trim()));
		return new RecordShapeImport(samplePath(), Source.values()[Math.max(format.getSelectionIndex(), 0)],
				name.getText().trim(), pointer.getText(), targetFile);
	}
}
