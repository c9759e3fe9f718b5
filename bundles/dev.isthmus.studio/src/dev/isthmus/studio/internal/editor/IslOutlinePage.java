package dev.isthmus.studio.internal.editor;

import java.util.List;

import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

import dev.isthmus.dsl.ide.editor.IslSymbol;
import dev.isthmus.studio.StudioIds;

/** The Outline view of an {@code .isl} file: its declarations and their parts; selecting one selects it in the text. */
final class IslOutlinePage extends ContentOutlinePage {

	private final IslEditor editor;
	private List<IslSymbol> symbols = List.of();

	IslOutlinePage(IslEditor editor) {
		this.editor = editor;
	}

	@Override
	public void createControl(Composite parent) {
		super.createControl(parent);
		TreeViewer viewer = getTreeViewer();
		viewer.getTree().setData("id", StudioIds.ISL_OUTLINE_TREE);
		viewer.setContentProvider(new ITreeContentProvider() {
			@Override
			public Object[] getElements(Object input) {
				return ((List<?>) input).toArray();
			}

			@Override
			public Object[] getChildren(Object parent) {
				return ((IslSymbol) parent).children().toArray();
			}

			@Override
			public Object getParent(Object element) {
				return null;
			}

			@Override
			public boolean hasChildren(Object element) {
				return !((IslSymbol) element).children().isEmpty();
			}
		});
		viewer.setLabelProvider(new LabelProvider() {
			@Override
			public String getText(Object element) {
				return label((IslSymbol) element);
			}
		});
		viewer.setAutoExpandLevel(2);
		viewer.setInput(symbols);
	}

	static String label(IslSymbol symbol) {
		return symbol.kind().equals("step") || symbol.kind().equals("source") || symbol.kind().equals("setting")
				? symbol.name()
				: symbol.kind() + " " + symbol.name();
	}

	void update(List<IslSymbol> found) {
		symbols = found;
		TreeViewer viewer = getTreeViewer();
		if (viewer != null && !viewer.getControl().isDisposed()) {
			Object[] expanded = viewer.getExpandedElements();
			viewer.setInput(found);
			if (expanded.length > 0) {
				viewer.expandToLevel(2);
			}
		}
	}

	@Override
	public void selectionChanged(SelectionChangedEvent event) {
		super.selectionChanged(event);
		if (event.getSelection() instanceof IStructuredSelection selection && selection.getFirstElement() instanceof IslSymbol symbol) {
			editor.selectAndReveal(symbol.nameOffset(), symbol.nameLength());
		}
	}

	@Override
	public void dispose() {
		editor.outlineClosed();
		super.dispose();
	}
}
