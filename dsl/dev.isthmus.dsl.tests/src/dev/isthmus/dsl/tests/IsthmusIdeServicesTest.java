package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.junit.jupiter.api.Test;

import com.google.inject.Injector;

import dev.isthmus.dsl.ide.IsthmusIdeSetup;

/**
 * The IDE services the Studio editor is fed by must be creatable inside OSGi: xtext.ide needs lsp4j at run
 * time although its manifest marks it optional.
 */
class IsthmusIdeServicesTest {

	@Test
	void ideInjectorProvidesContentAssist() {
		Injector injector = new IsthmusIdeSetup().createInjectorAndDoEMFRegistration();

		assertNotNull(injector.getInstance(IdeContentProposalProvider.class));
		assertNotNull(injector.getInstance(ContentAssistContextFactory.class));
	}
}
