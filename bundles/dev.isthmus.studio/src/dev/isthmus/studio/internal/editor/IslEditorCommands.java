package dev.isthmus.studio.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslEdit;
import dev.isthmus.dsl.ide.editor.IslLocation;
import dev.isthmus.dsl.ide.editor.IslSymbol;

/** What the editor's commands do: format, toggle comment, open declaration, find references, quick outline. */
final class IslEditorCommands {

	private final IslEditor editor;

	IslEditorCommands(IslEditor editor) {
		this.editor = editor;
	}

	/** Ctrl+Shift+F: the language's formatter over the whole file, as one undoable edit. */
	void format() {
		IslDocument parsed = current();
		if (parsed == null) {
			return;
		}
		IslEdit edit = parsed.format();
		if (edit == null) {
			boolean broken = parsed.problems(() -> false).stream().anyMatch(p -> p.code() == null
					&& p.severity() == dev.isthmus.dsl.ide.editor.IslProblem.Severity.ERROR);
			status(broken ? "Not formatted: the file has syntax errors; fix them first (see the Problems view)."
					: "Already formatted.");
			return;
		}
		try {
			document().replace(edit.offset(), edit.length(), edit.text());
			status(null);
		} catch (BadLocationException e) {
			status("Not formatted: the text changed while formatting; try again.");
		}
	}

	/** Ctrl+/: comments the selected lines out with {@code //}, or back in when all of them are comments. */
	void toggleComment() {
		IDocument document = document();
		ITextSelection selection = (ITextSelection) editor.getSelectionProvider().getSelection();
		try {
			int first = selection.getStartLine();
			int last = Math.max(first, selection.getEndLine());
			if (last > first && selection.getOffset() + selection.getLength() == document.getLineOffset(last)) {
				last--; // a selection ending at the start of a line does not include that line
			}
			boolean allCommented = true;
			int indent = Integer.MAX_VALUE;
			for (int line = first; line <= last; line++) {
				String text = line(document, line);
				if (text.isBlank()) {
					continue;
				}
				allCommented &= text.stripLeading().startsWith("//");
				indent = Math.min(indent, text.length() - text.stripLeading().length());
			}
			if (indent == Integer.MAX_VALUE) {
				return;
			}
			for (int line = last; line >= first; line--) {
				String text = line(document, line);
				int start = document.getLineOffset(line);
				if (allCommented) {
					int at = text.indexOf("//");
					if (at >= 0) {
						int length = text.startsWith("// ", at) ? 3 : 2;
						document.replace(start + at, length, "");
					}
				} else if (!text.isBlank()) {
					document.replace(start + indent, 0, "// ");
				}
			}
		} catch (BadLocationException e) {
			status("Cannot toggle the comment here.");
		}
	}

	/** F3: opens the declaration of the name at the caret. */
	void openDeclaration() {
		IslDocument parsed = current();
		if (parsed == null) {
			return;
		}
		IslLocation target = parsed.definition(caret());
		if (target == null) {
			status("No declaration found for the name at the caret.");
			return;
		}
		IslNavigator.open(editor.getSite().getPage(), target);
	}

	/** Ctrl+Shift+G: the places of the project that refer to the declaration at the caret; pick one to go there. */
	void findReferences() {
		IslDocument parsed = current();
		if (parsed == null) {
			return;
		}
		IRegion word = IslWords.at(document(), caret());
		String name = document().get().substring(word.getOffset(), word.getOffset() + word.getLength());
		List<IslLocation> references = parsed.references(caret());
		if (references.isEmpty()) {
			status("No references to '" + name + "' in this project.");
			return;
		}
		ElementListSelectionDialog dialog = new ElementListSelectionDialog(editor.getSite().getShell(), new LabelProvider() {
			@Override
			public String getText(Object element) {
				IslLocation location = (IslLocation) element;
				return location.file().getFileName() + ":" + location.line() + "  " + location.preview();
			}
		});
		dialog.setTitle("References to '" + name + "'");
		dialog.setMessage(references.size() + " references in the project; type to filter, Enter to open:");
		dialog.setElements(references.toArray());
		dialog.setMultipleSelection(false);
		dialog.setBlockOnOpen(true);
		if (dialog.open() == Window.OK && dialog.getFirstResult() instanceof IslLocation location) {
			IslNavigator.open(editor.getSite().getPage(), location);
		}
	}

	/** Ctrl+O: every declaration of the file in a filterable list. */
	void quickOutline() {
		List<IslSymbol> flat = new ArrayList<>();
		flatten(editor.symbols(), flat);
		ElementListSelectionDialog dialog = new ElementListSelectionDialog(editor.getSite().getShell(), new LabelProvider() {
			@Override
			public String getText(Object element) {
				IslSymbol symbol = (IslSymbol) element;
				return IslOutlinePage.label(symbol) + "  (line " + symbol.line() + ")";
			}
		});
		dialog.setTitle("Quick Outline");
		dialog.setMessage("Type to filter, Enter to go there:");
		dialog.setElements(flat.toArray());
		dialog.setMultipleSelection(false);
		if (dialog.open() == Window.OK && dialog.getFirstResult() instanceof IslSymbol symbol) {
			editor.selectAndReveal(symbol.nameOffset(), symbol.nameLength());
		}
	}

	private static void flatten(List<IslSymbol> symbols, List<IslSymbol> into) {
		for (IslSymbol symbol : symbols) {
			into.add(symbol);
			flatten(symbol.children(), into);
		}
	}

	/** The parsed document, brought up to date with the editor's text. */
	private IslDocument current() {
		IslDocument parsed = editor.islDocument();
		if (parsed == null) {
			status("This file is not in a project folder on disk, so it cannot be parsed with its project.");
			return null;
		}
		parsed.update(document().get());
		return parsed;
	}

	private IDocument document() {
		return editor.getDocumentProvider().getDocument(editor.getEditorInput());
	}

	private int caret() {
		return ((ITextSelection) editor.getSelectionProvider().getSelection()).getOffset();
	}

	private static String line(IDocument document, int line) throws BadLocationException {
		IRegion region = document.getLineInformation(line);
		return document.get(region.getOffset(), region.getLength());
	}

	private void status(String message) {
		editor.getEditorSite().getActionBars().getStatusLineManager().setMessage(message);
	}
}
