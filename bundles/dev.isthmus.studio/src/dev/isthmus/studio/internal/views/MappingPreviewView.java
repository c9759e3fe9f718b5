package dev.isthmus.studio.internal.views;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.QualifiedName;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.xtext.EcoreUtil2;

import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.studio.internal.editor.IslEditor;
import dev.isthmus.studio.internal.views.MappingPreviewRun.PreviewRecord;
import dev.isthmus.studio.internal.views.MappingPreviewRun.Result;

/**
 * The Mapping preview: the mapping under the caret run by the engine on a sample file the user chooses (JSON,
 * NDJSON or CSV; remembered per mapping in the project), showing each output record and each record's error. Runs
 * again when an {@code .isl} file of the project or the sample is saved, and when the caret moves to another
 * mapping. The run is a {@link Job}: the UI never waits for it.
 */
public class MappingPreviewView extends LinkedModelView<String> {

	/** Ids the UI tests find the controls by. */
	public static final String HEADER_ID = "isthmus.preview.header";
	public static final String STATUS_ID = "isthmus.preview.status";
	/** The sample, and the encoding it is read in and why. */
	public static final String SAMPLE_ID = "isthmus.preview.sample";
	public static final String TABLE_ID = "isthmus.preview.records";
	public static final String OUTPUT_ID = "isthmus.preview.output";
	public static final String CHOOSE_ID = "isthmus.preview.chooseSample";

	private static final String SAMPLE_PROPERTY = "dev.isthmus.studio.preview.sample";

	private final AtomicInteger runs = new AtomicInteger();
	private Label header;
	private Label sampleLabel;
	private Label status;
	private Button choose;
	private TableViewer records;
	private Text output;
	private String mapping;
	private IProject project;
	private Path sample;
	private Result shown;
	private Job running;

	private final IResourceChangeListener saves = this::resourcesChanged;

	@Override
	public void createPartControl(Composite parent) {
		parent.setLayout(new GridLayout(3, false));
		header = label(parent, "Put the caret into a mapping of an .isl file to preview it on a sample.", HEADER_ID);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(header);
		choose = new Button(parent, SWT.PUSH);
		choose.setText("Choose Sample...");
		choose.setData("id", CHOOSE_ID);
		choose.setEnabled(false);
		choose.addListener(SWT.Selection, e -> chooseSample());
		Button again = new Button(parent, SWT.PUSH);
		again.setText("Run Again");
		again.addListener(SWT.Selection, e -> runPreview());
		sampleLabel = label(parent, "", SAMPLE_ID);
		GridDataFactory.fillDefaults().span(3, 1).grab(true, false).applyTo(sampleLabel);
		status = label(parent, "", STATUS_ID);
		GridDataFactory.fillDefaults().span(3, 1).grab(true, false).applyTo(status);

		SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().span(3, 1).grab(true, true).applyTo(sash);
		records = new TableViewer(sash, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
		records.getTable().setHeaderVisible(true);
		records.getTable().setLinesVisible(true);
		records.getTable().setData("id", TABLE_ID);
		column("Record", 150, PreviewRecord::origin);
		column("Output", 300, r -> r.output().replaceAll("\\s*\\n\\s*", " "));
		column("Error", 300, r -> r.error() == null ? "" : r.error());
		records.setContentProvider(ArrayContentProvider.getInstance());
		records.addSelectionChangedListener(e -> showRecord(
				(PreviewRecord) ((IStructuredSelection) e.getSelection()).getFirstElement()));
		output = new Text(sash, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
		output.setData("id", OUTPUT_ID);
		sash.setWeights(55, 45);

		ResourcesPlugin.getWorkspace().addResourceChangeListener(saves, IResourceChangeEvent.POST_CHANGE);
		followEditor();
	}

	private static Label label(Composite parent, String text, String id) {
		Label label = new Label(parent, SWT.WRAP);
		label.setText(text);
		label.setData("id", id);
		return label;
	}

	private void column(String title, int width, java.util.function.Function<PreviewRecord, String> text) {
		TableViewerColumn column = new TableViewerColumn(records, SWT.LEFT);
		column.getColumn().setText(title);
		column.getColumn().setWidth(width);
		column.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply((PreviewRecord) element);
			}

			@Override
			public Color getForeground(Object element) {
				return ((PreviewRecord) element).error() == null ? null
						: records.getControl().getDisplay().getSystemColor(SWT.COLOR_DARK_RED);
			}
		});
	}

	@Override
	protected String compute(EObject element) {
		Mapping at = element == null ? null
				: element instanceof Mapping m ? m : EcoreUtil2.getContainerOfType(element, Mapping.class);
		return at == null ? null : ProjectIndex.qualifiedName(at);
	}

	@Override
	protected void show(String qualifiedName, IslEditor editor) {
		if (header == null || header.isDisposed()) {
			return;
		}
		if (editor == null) { // the editor was closed: nothing to follow
			mapping = null;
			project = null;
			choose.setEnabled(false);
			return;
		}
		IFile file = caret().file();
		if (qualifiedName == null || file == null || qualifiedName.equals(mapping) && file.getProject().equals(project)) {
			return; // outside a mapping, or the same one: keep what is shown
		}
		mapping = qualifiedName;
		project = file.getProject();
		header.setText("mapping " + mapping);
		choose.setEnabled(true);
		sample = rememberedSample();
		runPreview();
	}

	/** Lets the user pick a sample file, starting in the project's {@code samples/} folder. */
	private void chooseSample() {
		if (project == null || project.getLocation() == null) {
			return;
		}
		FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
		dialog.setText("Sample for " + mapping);
		Path samples = project.getLocation().toPath().resolve("samples");
		dialog.setFilterPath((Files.isDirectory(samples) ? samples : project.getLocation().toPath()).toString());
		dialog.setFilterExtensions(new String[] { "*.json;*.ndjson;*.csv", "*.*" });
		dialog.setFilterNames(new String[] { "Samples (JSON, NDJSON, CSV)", "All files" });
		String chosen = dialog.open();
		if (chosen != null) {
			previewSample(Path.of(chosen));
		}
	}

	/**
	 * Previews the current mapping on {@code file} and remembers it for this mapping: what choosing a file in the
	 * dialog does (tests call it, since the dialog is the platform's own window).
	 */
	public void previewSample(Path file) {
		if (mapping == null || project == null) {
			return;
		}
		sample = file.toAbsolutePath().normalize();
		try {
			Path root = project.getLocation().toPath();
			String stored = sample.startsWith(root) ? root.relativize(sample).toString() : sample.toString();
			project.setPersistentProperty(key(), stored);
		} catch (CoreException e) {
			// not remembered for next time; the preview runs all the same
		}
		runPreview();
	}

	private Path rememberedSample() {
		try {
			String stored = project.getPersistentProperty(key());
			return stored == null || project.getLocation() == null ? null : project.getLocation().toPath().resolve(stored);
		} catch (CoreException e) {
			return null;
		}
	}

	private QualifiedName key() {
		return new QualifiedName(SAMPLE_PROPERTY, mapping);
	}

	/** Starts a run off the UI thread; a newer run makes an older one's result be dropped. */
	private void runPreview() {
		if (mapping == null || project == null || project.getLocation() == null) {
			return;
		}
		sampleLabel.setText(sample == null ? "No sample chosen yet." : "Sample: " + sample);
		String name = mapping;
		Path root = project.getLocation().toPath();
		Path file = sample;
		int mine = runs.incrementAndGet();
		if (running != null) {
			running.cancel();
		}
		status.setText(file == null ? "Checking " + name + "..." : "Running " + name + " on " + file.getFileName() + "...");
		Display display = getSite().getShell().getDisplay();
		running = Job.create("Previewing mapping " + name, (IProgressMonitor monitor) -> {
			Result result = MappingPreviewRun.run(root, name, file, monitor::isCanceled);
			display.asyncExec(() -> {
				if (mine == runs.get() && !status.isDisposed()) {
					present(result);
				}
			});
			return Status.OK_STATUS;
		});
		running.schedule();
	}

	private void present(Result result) {
		shown = result;
		if (result.reading() != null) { // the encoding is the flow's source's: said, so that an "é" never puzzles
			sampleLabel.setText(sample == null ? "No sample chosen yet; a sample is " + result.reading() + "."
					: "Sample: " + sample + " \u2014 " + result.reading() + ".");
		}
		if (result.problem() != null) {
			status.setText(result.problem());
			records.setInput(List.of());
			output.setText("");
		} else {
			status.setText(result.records().size() + " record" + (result.records().size() == 1 ? "" : "s") + ", "
					+ result.errors() + " with errors (mapping " + result.mapping() + " as in flow " + result.flow() + ")"
					+ (result.skipped() == 0 ? "" : "; " + result.skipped() + " more not shown"));
			records.setInput(result.records());
			if (!result.records().isEmpty()) {
				records.setSelection(new StructuredSelection(result.records().get(0)));
			}
		}
		status.getParent().layout(true);
	}

	private void showRecord(PreviewRecord record) {
		output.setText(record == null ? ""
				: record.error() == null ? record.output()
						: record.output().isEmpty() ? "Error: " + record.error()
								: "Error: " + record.error() + "\n\n" + record.output());
	}

	/** Runs again when an .isl file of the project or the sample changes on disk (a save). */
	private void resourcesChanged(IResourceChangeEvent event) {
		IProject watched = project;
		Path file = sample;
		if (watched == null || event.getDelta() == null) {
			return;
		}
		boolean[] relevant = { false };
		try {
			event.getDelta().accept(delta -> {
				boolean saved = delta.getKind() != IResourceDelta.CHANGED || (delta.getFlags() & IResourceDelta.CONTENT) != 0;
				if (saved && delta.getResource() instanceof IFile changed && changed.getProject().equals(watched)
						&& ("isl".equals(changed.getFileExtension()) || changed.getLocation() != null
								&& changed.getLocation().toPath().equals(file))) {
					relevant[0] = true;
				}
				return !relevant[0];
			});
		} catch (CoreException e) {
			return;
		}
		if (relevant[0]) {
			Display display = getSite().getShell().getDisplay();
			display.asyncExec(() -> {
				if (!status.isDisposed() && watched.equals(project)) {
					runPreview();
				}
			});
		}
	}

	/** The result shown now (for tests), or {@code null} while none. */
	public Result shown() {
		return shown;
	}

	@Override
	public void setFocus() {
		choose.setFocus();
	}

	@Override
	public void dispose() {
		ResourcesPlugin.getWorkspace().removeResourceChangeListener(saves);
		if (running != null) {
			running.cancel();
		}
		super.dispose();
	}
}
