package dev.isthmus.dsl.project;

import java.util.Set;

import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;

import com.google.inject.Injector;

import dev.isthmus.dsl.IsthmusStandaloneSetup;

/** The language outside OSGi: one injector per process, created on first use (it takes a moment). */
public final class StandaloneLanguage {

	private static Injector injector;

	private StandaloneLanguage() {
	}

	public static synchronized Injector injector() {
		if (injector == null) {
			injector = new IsthmusStandaloneSetup().createInjectorAndDoEMFRegistration();
		}
		return injector;
	}

	/** Every keyword of the grammar: a field of such a name must be quoted or escaped. */
	public static Set<String> keywords() {
		return GrammarUtil.getAllKeywords(injector().getInstance(IGrammarAccess.class).getGrammar());
	}
}
