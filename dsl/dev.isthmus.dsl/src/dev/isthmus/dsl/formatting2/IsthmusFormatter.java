package dev.isthmus.dsl.formatting2;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.resource.XtextResource;

import dev.isthmus.dsl.isthmus.IslFile;

/**
 * Puts every construct on the lines it belongs on and indents blocks by four spaces; spacing inside a line is kept
 * as written (so that columns aligned by hand stay aligned), except that nothing stands before , . ) ] ? % and after
 * ( [ and the dot of a path. Formatting formatted text changes nothing.
 */
public class IsthmusFormatter extends AbstractJavaFormatter {

	/** Four spaces, whatever the editor's default: the examples and the reference are written so. */
	@Override
	protected void initialize(org.eclipse.xtext.formatting2.FormatterRequest request) {
		request.setPreferences(new org.eclipse.xtext.preferences.MapBasedPreferenceValues(request.getPreferences(),
				java.util.Map.of(org.eclipse.xtext.formatting2.FormatterPreferenceKeys.indentation.getId(), "    ")));
		super.initialize(request);
	}

	/** Blocks whose members each start a line; see {@link Blocks}. */
	private final Blocks blocks = new Blocks(this);

	protected void format(IslFile file, IFormattableDocument doc) {
		boolean header = file.getName() != null || !file.getImports().isEmpty();
		if (!file.getImports().isEmpty()) {
			if (file.getName() != null) {
				doc.prepend(file.getImports().get(0), it -> it.setNewLines(2));
			}
			file.getImports().stream().skip(1).forEach(i -> doc.prepend(i, it -> it.newLine()));
		}
		for (int i = 0; i < file.getElements().size(); i++) {
			EObject element = file.getElements().get(i);
			if (i > 0 || header) {
				doc.prepend(element, it -> it.setNewLines(2));
			}
		}
		for (EObject object : (Iterable<EObject>) file::eAllContents) {
			blocks.format(object, doc);
			tokens(object, doc);
		}
		ISemanticRegion last = lastSemantic(file);
		if (last != null) {
			doc.append(last, it -> it.setNewLines(1));
		}
	}

	private ISemanticRegion lastSemantic(EObject object) {
		ISemanticRegion last = null;
		for (ISemanticRegion region : getTextRegionAccess().regionForEObject(object).getAllSemanticRegions()) {
			last = region;
		}
		return last;
	}

	/** Spacing around punctuation, for the keywords that belong to this object directly. */
	private void tokens(EObject object, IFormattableDocument doc) {
		for (ISemanticRegion r : regionFor(object).keywords(",", ")", "?", ".", "?.")) {
			doc.prepend(r, it -> it.noSpace());
		}
		for (ISemanticRegion r : regionFor(object).keywords("(", ".", "?.")) {
			doc.append(r, it -> it.noSpace());
		}
		if (object instanceof dev.isthmus.dsl.isthmus.TypeRef) {
			for (ISemanticRegion r : regionFor(object).keywords("[")) {
				doc.prepend(r, it -> it.noSpace());
				doc.append(r, it -> it.noSpace());
			}
			for (ISemanticRegion r : regionFor(object).keywords("]")) {
				doc.prepend(r, it -> it.noSpace());
			}
		}
		if (object instanceof dev.isthmus.dsl.isthmus.FunctionCall || object instanceof dev.isthmus.dsl.isthmus.BuiltinTypeRef) {
			for (ISemanticRegion r : regionFor(object).keywords("(")) {
				doc.prepend(r, it -> it.noSpace());
			}
		}
	}

	/** The entry point: a resource formats its file, and the file formats every object in it (see above). */
	@Override
	public void format(Object object, IFormattableDocument document) {
		if (object instanceof XtextResource resource) {
			for (EObject root : resource.getContents()) {
				format(root, document);
			}
		} else if (object instanceof IslFile file) {
			format(file, document);
		}
	}

	List<ISemanticRegion> keywords(EObject object, String... keywords) {
		return keywords.length == 0 ? List.of() : regionFor(object).keywords(keywords);
	}

	org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess regionAccess() {
		return getTextRegionAccess();
	}
}
