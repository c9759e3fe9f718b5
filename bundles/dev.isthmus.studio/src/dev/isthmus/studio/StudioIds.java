package dev.isthmus.studio;

/** Ids of what the Studio contributes, for tests and for bundles that extend the Studio. */
public final class StudioIds {

	/** The Isthmus perspective: Project Explorer, editors, Outline, Problems, Console. */
	public static final String PERSPECTIVE = "dev.isthmus.studio.perspective";

	/** The content type of {@code .isl} files. */
	public static final String ISL_CONTENT_TYPE = "dev.isthmus.isl";

	/** The product whose branding the Studio shows. */
	public static final String PRODUCT = "dev.isthmus.studio.product";

	/** The title of every Studio window. */
	public static final String WINDOW_TITLE = "Isthmus Studio";

	/** The nature of Isthmus projects; it adds the {@link #BUILDER}. */
	public static final String NATURE = "dev.isthmus.studio.nature";

	/** The builder that validates a project's {@code .isl} files and generates its connector configurations. */
	public static final String BUILDER = "dev.isthmus.studio.builder";

	/** The builder's problem markers (problem and text markers: file, line, message in the Problems view). */
	public static final String PROBLEM_MARKER = "dev.isthmus.studio.problem";

	/** The language-aware {@code .isl} editor. */
	public static final String ISL_EDITOR = "dev.isthmus.studio.islEditor";

	/** The key-binding context active in the {@code .isl} editor. */
	public static final String ISL_EDITOR_SCOPE = "dev.isthmus.studio.islEditorScope";

	/** {@code getData("id")} of the editor's text widget and of its outline tree, for UI tests. */
	public static final String ISL_EDITOR_TEXT = "isl.editor.text";
	public static final String ISL_OUTLINE_TREE = "isl.outline.tree";

	/** Commands of the {@code .isl} editor. */
	public static final String FORMAT_COMMAND = "dev.isthmus.studio.format";
	public static final String TOGGLE_COMMENT_COMMAND = "dev.isthmus.studio.toggleComment";
	public static final String OPEN_DECLARATION_COMMAND = "dev.isthmus.studio.openDeclaration";
	public static final String FIND_REFERENCES_COMMAND = "dev.isthmus.studio.findReferences";
	public static final String QUICK_OUTLINE_COMMAND = "dev.isthmus.studio.quickOutline";

	/** The model views: the Mapping view, the Flow view and the Mapping preview. */
	public static final String MAPPING_VIEW = "dev.isthmus.studio.mappingView";
	public static final String FLOW_VIEW = "dev.isthmus.studio.flowView";
	public static final String MAPPING_PREVIEW_VIEW = "dev.isthmus.studio.mappingPreview";

	private StudioIds() {
	}
}
