package dev.isthmus.dsl.ide.editor;

import com.google.inject.Injector;

import dev.isthmus.dsl.ide.IsthmusIdeSetup;

/** The language with its IDE services: one injector per process, created on first use (it takes a moment). */
public final class IslIde {

	private static Injector injector;

	private IslIde() {
	}

	/** The grammar's keywords, for colouring code by spelling before it is parsed. */
	public static java.util.Set<String> keywords() {
		return org.eclipse.xtext.GrammarUtil.getAllKeywords(
				injector().getInstance(org.eclipse.xtext.IGrammarAccess.class).getGrammar());
	}

	public static synchronized Injector injector() {
		if (injector == null) {
			injector = new IsthmusIdeSetup().createInjectorAndDoEMFRegistration();
		}
		return injector;
	}
}
