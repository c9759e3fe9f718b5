package dev.isthmus.studio.internal.views;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.StyledCellLabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.ViewerCell;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * The Flow view: the flow under the caret as a tree — source, steps in order, route branches with their targets,
 * each target with its mapping and policies, the flow's policies. Follows the caret and every parse; a
 * double-click selects the element in the editor; selecting a node shows its properties.
 */
public class FlowView extends LinkedModelView<FlowTree> {

	/** Ids the UI tests find the controls by. */
	public static final String HEADER_ID = "isthmus.flowView.header";
	public static final String TREE_ID = "isthmus.flowView.tree";

	private static final String NO_FLOW = "Put the caret into a flow of an .isl file to see its source, steps and targets.";

	private Label header;
	private TreeViewer viewer;
	private FlowTree shown;
	private IslEditor editor;

	@Override
	public void createPartControl(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		header = new Label(parent, SWT.WRAP);
		header.setText(NO_FLOW);
		header.setData("id", HEADER_ID);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(header);

		viewer = new TreeViewer(parent, SWT.BORDER | SWT.SINGLE);
		viewer.getTree().setData("id", TREE_ID);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getTree());
		viewer.setContentProvider(new Nodes());
		viewer.setLabelProvider(new StyledCellLabelProvider() {
			@Override
			public void update(ViewerCell cell) {
				FlowNode node = (FlowNode) cell.getElement();
				StyledString text = new StyledString(node.label(), StyledString.QUALIFIER_STYLER);
				if (!node.detail().isEmpty()) {
					text.append(" ").append(node.detail());
				}
				cell.setText(text.getString());
				cell.setStyleRanges(text.getStyleRanges());
				super.update(cell);
			}
		});
		viewer.addDoubleClickListener(event -> {
			if (((IStructuredSelection) event.getSelection()).getFirstElement() instanceof FlowNode node) {
				reveal(editor, node.offset(), node.length());
			}
		});
		getSite().setSelectionProvider(viewer);
		followEditor();
	}

	@Override
	protected FlowTree compute(EObject element) {
		return element == null ? null : FlowTree.at(element);
	}

	@Override
	protected void show(FlowTree tree, IslEditor from) {
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		editor = from;
		if (tree == null) {
			if (from == null) { // outside a flow the view keeps the last one, unless its editor is gone
				shown = null;
				header.setText(NO_FLOW);
				viewer.setInput(List.of());
			}
			return;
		}
		if (tree.equals(shown)) {
			return; // a parse or caret move that changed nothing: keep the nodes and their selection
		}
		shown = tree;
		header.setText("flow " + tree.qualifiedName());
		header.getParent().layout(true);
		viewer.setInput(tree.nodes());
		viewer.expandAll();
	}

	/** The tree shown now (for tests), or {@code null}. */
	public FlowTree shown() {
		return shown;
	}

	@Override
	public void setFocus() {
		viewer.getControl().setFocus();
	}

	private static final class Nodes implements ITreeContentProvider {
		@Override
		public Object[] getElements(Object input) {
			return ((List<?>) input).toArray();
		}

		@Override
		public Object[] getChildren(Object parent) {
			return ((FlowNode) parent).children().toArray();
		}

		@Override
		public Object getParent(Object element) {
			return null;
		}

		@Override
		public boolean hasChildren(Object element) {
			return !((FlowNode) element).children().isEmpty();
		}
	}
}
