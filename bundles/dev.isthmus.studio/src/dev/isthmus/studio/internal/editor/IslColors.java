package dev.isthmus.studio.internal.editor;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.jface.resource.ColorRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import dev.isthmus.dsl.ide.editor.IslHighlight;

/**
 * The editor's colours, one per kind of text, kept in the Studio's preferences (Window → Preferences → Isthmus →
 * Editor Colors). Bold marks keywords and declarations, as Xtext editors do by default.
 */
public final class IslColors {

	/** A kind of text with its preference key, label and default colour. */
	public enum Kind {
		KEYWORD("keyword", "Keywords", new RGB(127, 0, 85), true),
		COMMENT("comment", "Comments", new RGB(63, 127, 95), false),
		STRING("string", "Strings", new RGB(42, 0, 255), false),
		NUMBER("number", "Numbers and durations", new RGB(125, 125, 125), false),
		DECLARATION("declaration", "Declared names", new RGB(0, 0, 0), true),
		REFERENCE("reference", "References to declarations", new RGB(0, 80, 160), false),
		TYPE("type", "Types", new RGB(0, 128, 128), false),
		FUNCTION("function", "Function and lookup calls", new RGB(150, 80, 0), false);

		public final String key;
		public final String label;
		final RGB defaultColor;
		final boolean bold;

		Kind(String key, String label, RGB defaultColor, boolean bold) {
			this.key = "isl.color." + key;
			this.label = label;
			this.defaultColor = defaultColor;
			this.bold = bold;
		}

		/** The kind a semantic highlight is shown as. */
		static Kind of(IslHighlight.Style style) {
			return switch (style) {
				case DECLARATION -> DECLARATION;
				case REFERENCE -> REFERENCE;
				case TYPE -> TYPE;
				case FUNCTION -> FUNCTION;
			};
		}
	}

	private static IPreferenceStore store;

	private IslColors() {
	}

	/** The Studio's preference store, where the colours live. */
	public static synchronized IPreferenceStore store() {
		if (store == null) {
			store = new ScopedPreferenceStore(InstanceScope.INSTANCE, "dev.isthmus.studio");
		}
		return store;
	}

	/** The colour and style text of {@code kind} is drawn with now. */
	static TextAttribute attribute(Kind kind) {
		ColorRegistry colors = JFaceResources.getColorRegistry();
		RGB rgb = PreferenceConverter.getColor(store(), kind.key);
		colors.put(kind.key, rgb);
		return new TextAttribute(colors.get(kind.key), null, kind.bold ? SWT.BOLD : SWT.NORMAL);
	}

	/** Sets the default colours (the preferences extension calls this once). */
	public static class Defaults extends AbstractPreferenceInitializer {
		@Override
		public void initializeDefaultPreferences() {
			for (Kind kind : Kind.values()) {
				PreferenceConverter.setDefault(store(), kind.key, kind.defaultColor);
			}
			store().setDefault(IslEditor.MATCHING_BRACKETS, true);
			PreferenceConverter.setDefault(store(), IslEditor.MATCHING_BRACKETS_COLOR, new RGB(160, 160, 160));
		}
	}
}
