package dev.isthmus.studio.internal.editor;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.IVerticalRuler;
import org.eclipse.jface.text.source.projection.ProjectionSupport;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IURIEditorInput;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.texteditor.ChainedPreferenceStore;
import org.eclipse.ui.texteditor.ITextEditorActionDefinitionIds;
import org.eclipse.ui.texteditor.SourceViewerDecorationSupport;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslHighlight;
import dev.isthmus.dsl.ide.editor.IslSymbol;
import dev.isthmus.studio.StudioIds;

/**
 * The {@code .isl} editor: JFace Text fed by the language's IDE services ({@link IslDocument}) — colours by
 * spelling while typing and by meaning after each parse, problems while typing, content assist, hover, go to
 * definition (F3, Ctrl+click), references, outline and quick outline, format, toggle comment, folding, bracket
 * matching and quick fixes (Ctrl+1).
 */
public class IslEditor extends TextEditor {

	/** Preference keys of bracket matching in the Studio's store. */
	static final String MATCHING_BRACKETS = "isl.matchingBrackets";
	static final String MATCHING_BRACKETS_COLOR = "isl.matchingBracketsColor";

	private final List<Runnable> parseListeners = new CopyOnWriteArrayList<>();
	private volatile IslDocument islDocument;
	private IslSemanticHighlighter semantic;
	private IslFolding folding;
	private IslOutlinePage outline;
	private volatile List<IslSymbol> symbols = List.of();
	IslReconcilingStrategy reconciling;

	@Override
	protected void initializeEditor() {
		super.initializeEditor();
		IPreferenceStore store = new ChainedPreferenceStore(
				new IPreferenceStore[] { IslColors.store(), EditorsUI.getPreferenceStore() });
		setPreferenceStore(store);
		setSourceViewerConfiguration(new IslSourceViewerConfiguration(this, store));
	}

	@Override
	protected void initializeKeyBindingScopes() {
		setKeyBindingScopes(new String[] { StudioIds.ISL_EDITOR_SCOPE });
	}

	@Override
	protected ISourceViewer createSourceViewer(Composite parent, IVerticalRuler ruler, int styles) {
		ProjectionViewer viewer = new ProjectionViewer(parent, ruler, getOverviewRuler(), isOverviewRulerVisible(), styles);
		getSourceViewerDecorationSupport(viewer);
		return viewer;
	}

	@Override
	public void createPartControl(Composite parent) {
		super.createPartControl(parent);
		ProjectionViewer viewer = (ProjectionViewer) getSourceViewer();
		ProjectionSupport projection = new ProjectionSupport(viewer, getAnnotationAccess(), getSharedColors());
		projection.install();
		viewer.doOperation(ProjectionViewer.TOGGLE);
		folding = new IslFolding(viewer);
		semantic = new IslSemanticHighlighter(viewer);
		viewer.getTextWidget().setData("id", StudioIds.ISL_EDITOR_TEXT);
	}

	@Override
	protected void configureSourceViewerDecorationSupport(SourceViewerDecorationSupport support) {
		super.configureSourceViewerDecorationSupport(support);
		support.setCharacterPairMatcher(new DefaultCharacterPairMatcher("{}[]()".toCharArray()));
		support.setMatchingCharacterPainterPreferenceKeys(MATCHING_BRACKETS, MATCHING_BRACKETS_COLOR);
	}

	@Override
	protected void doSetInput(IEditorInput input) throws org.eclipse.core.runtime.CoreException {
		super.doSetInput(input);
		islDocument = null; // another file: parse afresh
	}

	/**
	 * The parsed file with its project; created on first use (off the UI thread, by the reconciler, in the normal
	 * case). {@code null} when the input is not a file.
	 */
	public IslDocument islDocument() {
		IslDocument document = islDocument;
		if (document != null) {
			return document;
		}
		synchronized (this) {
			if (islDocument == null) {
				IEditorInput input = getEditorInput();
				IDocument text = input == null || getDocumentProvider() == null ? null
						: getDocumentProvider().getDocument(input);
				Path file = fileOf(input);
				if (file == null || text == null) {
					return null;
				}
				IFile workspaceFile = input.getAdapter(IFile.class);
				Path project = workspaceFile != null && workspaceFile.getProject().getLocation() != null
						? workspaceFile.getProject().getLocation().toFile().toPath()
						: null;
				islDocument = IslDocument.open(file, project, text.get());
			}
			return islDocument;
		}
	}

	private static Path fileOf(IEditorInput input) {
		IFile file = input == null ? null : input.getAdapter(IFile.class);
		if (file != null && file.getLocation() != null) {
			return file.getLocation().toFile().toPath();
		}
		if (input instanceof IURIEditorInput uri && "file".equals(uri.getURI().getScheme())) {
			return Path.of(uri.getURI());
		}
		return null;
	}

	IAnnotationModel annotationModel() {
		return getDocumentProvider() == null ? null : getDocumentProvider().getAnnotationModel(getEditorInput());
	}

	/** The current text of the editor. */
	String text() {
		IDocument document = getDocumentProvider().getDocument(getEditorInput());
		return document == null ? "" : document.get();
	}

	/** The outline of the last parse. */
	List<IslSymbol> symbols() {
		return symbols;
	}

	/**
	 * Runs {@code listener} on the UI thread after each parse of this editor's text (the model views refresh on
	 * it).
	 */
	public void addParseListener(Runnable listener) {
		parseListeners.add(listener);
	}

	public void removeParseListener(Runnable listener) {
		parseListeners.remove(listener);
	}

	/** Called by the reconciler's thread with what the parse of {@code text} found. */
	void afterParse(String text, List<IslHighlight> highlights, List<IslSymbol> found) {
		Display display = getSite() == null ? null : getSite().getShell().getDisplay();
		if (display == null || display.isDisposed()) {
			return;
		}
		display.asyncExec(() -> {
			ISourceViewer viewer = getSourceViewer();
			if (viewer == null || viewer.getDocument() == null || !text.equals(viewer.getDocument().get())) {
				return; // typed since: the next parse brings its own results
			}
			symbols = found;
			semantic.update(highlights);
			folding.update(found);
			if (outline != null) {
				outline.update(found);
			}
			parseListeners.forEach(Runnable::run);
		});
	}

	@Override
	protected void createActions() {
		super.createActions();
		IslEditorCommands commands = new IslEditorCommands(this);
		action(StudioIds.FORMAT_COMMAND, "Format", commands::format);
		action(StudioIds.TOGGLE_COMMENT_COMMAND, "Toggle Comment", commands::toggleComment);
		action(StudioIds.OPEN_DECLARATION_COMMAND, "Open Declaration", commands::openDeclaration);
		action(StudioIds.FIND_REFERENCES_COMMAND, "Find References", commands::findReferences);
		action(StudioIds.QUICK_OUTLINE_COMMAND, "Quick Outline", commands::quickOutline);
		action(ITextEditorActionDefinitionIds.CONTENT_ASSIST_PROPOSALS, "Content Assist",
				() -> getSourceViewerOperations().doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS));
		action(ITextEditorActionDefinitionIds.QUICK_ASSIST, "Quick Fix",
				() -> getSourceViewerOperations().doOperation(ISourceViewer.QUICK_ASSIST));
	}

	private org.eclipse.jface.text.ITextOperationTarget getSourceViewerOperations() {
		return (org.eclipse.jface.text.ITextOperationTarget) getSourceViewer();
	}

	private void action(String commandId, String label, Runnable run) {
		IAction action = new Action(label) {
			@Override
			public void run() {
				run.run();
			}
		};
		action.setActionDefinitionId(commandId);
		setAction(commandId, action);
	}

	@Override
	protected void editorContextMenuAboutToShow(IMenuManager menu) {
		super.editorContextMenuAboutToShow(menu);
		for (String command : new String[] { StudioIds.OPEN_DECLARATION_COMMAND, StudioIds.FIND_REFERENCES_COMMAND,
				StudioIds.QUICK_OUTLINE_COMMAND, StudioIds.FORMAT_COMMAND, StudioIds.TOGGLE_COMMENT_COMMAND }) {
			addAction(menu, "group.edit", command);
		}
	}

	@Override
	public <T> T getAdapter(Class<T> adapter) {
		if (IContentOutlinePage.class.equals(adapter)) {
			if (outline == null) {
				outline = new IslOutlinePage(this);
				outline.update(symbols);
			}
			return adapter.cast(outline);
		}
		if (IslDocument.class.equals(adapter)) {
			return adapter.cast(islDocument());
		}
		return super.getAdapter(adapter);
	}

	/** The outline page was closed with its view. */
	void outlineClosed() {
		outline = null;
	}

	@Override
	public void dispose() {
		if (semantic != null) {
			semantic.dispose();
		}
		parseListeners.clear();
		super.dispose();
	}
}
