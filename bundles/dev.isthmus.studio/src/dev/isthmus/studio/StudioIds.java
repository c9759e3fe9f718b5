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

	private StudioIds() {
	}
}
