package dev.isthmus.dsl.ide;

import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;

/**
 * The language's IDE services (what the Studio's editor and a language server use), beyond Xtext's defaults.
 */
public class IsthmusIdeModule extends AbstractIsthmusIdeModule {

	public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
		return IsthmusIdeContentProposalProvider.class;
	}
}
