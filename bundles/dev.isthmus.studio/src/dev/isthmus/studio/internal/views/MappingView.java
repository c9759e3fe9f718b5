package dev.isthmus.studio.internal.views;

import java.util.List;
import java.util.function.Function;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.isthmus.studio.internal.editor.IslEditor;
import dev.isthmus.studio.internal.views.MappingRow.Status;

/**
 * The Mapping view: for the mapping under the caret, the target's fields with the rules that fill them, their types
 * and whether each is mapped, defaulted or missing. Follows the caret and every parse; a double-click jumps to the
 * rule, or for a missing field to the mapping (or block) that lacks it. Selecting a row shows its properties.
 */
public class MappingView extends LinkedModelView<MappingTable> {

	/** Ids the UI tests find the controls by. */
	public static final String HEADER_ID = "isthmus.mappingView.header";
	public static final String TREE_ID = "isthmus.mappingView.tree";

	private static final String NO_MAPPING = "Put the caret into a mapping of an .isl file to see its target fields.";

	private Label header;
	private TreeViewer viewer;
	private MappingTable shown;
	private IslEditor editor;

	@Override
	public void createPartControl(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		header = new Label(parent, SWT.WRAP);
		header.setText(NO_MAPPING);
		header.setData("id", HEADER_ID);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(header);

		viewer = new TreeViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
		viewer.getTree().setHeaderVisible(true);
		viewer.getTree().setLinesVisible(true);
		viewer.getTree().setData("id", TREE_ID);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getTree());
		column("Field", 160, MappingRow::field);
		column("Source expression", 320, MappingRow::expression);
		column("Type", 140, MappingRow::type);
		column("Status", 100, row -> row.status().label());
		viewer.setContentProvider(new Rows());
		viewer.addDoubleClickListener(event -> {
			if (((IStructuredSelection) event.getSelection()).getFirstElement() instanceof MappingRow row) {
				reveal(editor, row.offset(), row.length());
			}
		});
		getSite().setSelectionProvider(viewer);
		followEditor();
	}

	private void column(String title, int width, Function<MappingRow, String> text) {
		TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.LEFT);
		column.getColumn().setText(title);
		column.getColumn().setWidth(width);
		column.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply((MappingRow) element);
			}

			@Override
			public Color getForeground(Object element) {
				Status status = ((MappingRow) element).status();
				return status == Status.MISSING || status == Status.UNKNOWN
						? viewer.getControl().getDisplay().getSystemColor(SWT.COLOR_DARK_RED)
						: status == Status.DEFAULTED ? viewer.getControl().getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY)
								: null;
			}
		});
	}

	@Override
	protected MappingTable compute(EObject element) {
		return element == null ? null : MappingRows.at(element);
	}

	@Override
	protected void show(MappingTable table, IslEditor from) {
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		editor = from;
		if (table == null) {
			// Outside any mapping the view keeps the last one (as Outline views do), unless its editor is gone.
			if (from == null) {
				shown = null;
				header.setText(NO_MAPPING);
				viewer.setInput(List.of());
			}
			return;
		}
		if (table.equals(shown)) {
			return; // a parse or caret move that changed nothing: keep the rows, their selection and expansion
		}
		boolean sameMapping = shown != null && shown.qualifiedName().equals(table.qualifiedName());
		Object[] expanded = viewer.getExpandedElements();
		shown = table;
		long missing = table.rows().stream().filter(r -> r.status() == Status.MISSING).count();
		header.setText("mapping " + table.qualifiedName() + " : " + table.source() + " -> " + table.target()
				+ (missing == 0 ? "" : "   (" + missing + " required field" + (missing == 1 ? "" : "s") + " missing)"));
		header.getParent().layout(true);
		viewer.setInput(table.rows());
		if (sameMapping) {
			// Rows are new objects after every parse; keep open what was open, by field name.
			for (Object old : expanded) {
				String field = ((MappingRow) old).field();
				table.rows().stream().filter(r -> r.field().equals(field)).forEach(r -> viewer.setExpandedState(r, true));
			}
		} else {
			viewer.expandToLevel(2);
		}
	}

	/** The table shown now (for tests), or {@code null}. */
	public MappingTable shown() {
		return shown;
	}

	@Override
	public void setFocus() {
		viewer.getControl().setFocus();
	}

	/** Rows and their nested rows. */
	private static final class Rows implements ITreeContentProvider {
		@Override
		public Object[] getElements(Object input) {
			return ((List<?>) input).toArray();
		}

		@Override
		public Object[] getChildren(Object parent) {
			return ((MappingRow) parent).children().toArray();
		}

		@Override
		public Object getParent(Object element) {
			return null;
		}

		@Override
		public boolean hasChildren(Object element) {
			return !((MappingRow) element).children().isEmpty();
		}
	}
}
