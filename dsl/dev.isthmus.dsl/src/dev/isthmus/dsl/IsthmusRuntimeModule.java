package dev.isthmus.dsl;

import org.eclipse.xtext.scoping.IScopeProvider;
import org.eclipse.xtext.scoping.impl.AbstractDeclarativeScopeProvider;

import com.google.inject.Binder;
import com.google.inject.name.Names;

import dev.isthmus.dsl.scoping.IsthmusNamespaces;

/**
 * Wires the language's hand-written parts into Xtext: the generated {@link AbstractIsthmusRuntimeModule} binds the
 * defaults, each {@code bind…}/{@code configure…} here replaces one.
 */
public class IsthmusRuntimeModule extends AbstractIsthmusRuntimeModule {

	public Class<? extends org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
		return dev.isthmus.dsl.linking.IsthmusLinkingMessages.class;
	}

	@Override
	public Class<? extends org.eclipse.xtext.conversion.IValueConverterService> bindIValueConverterService() {
		return dev.isthmus.dsl.parsing.EscapedNames.class;
	}

	public Class<? extends org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider> bindISyntaxErrorMessageProvider() {
		return dev.isthmus.dsl.parsing.SyntaxHints.class;
	}

	public Class<? extends org.eclipse.xtext.validation.IResourceValidator> bindIResourceValidator() {
		return dev.isthmus.dsl.validation.FollowOnErrors.class;
	}

	@Override
	public void configureIScopeProviderDelegate(Binder binder) {
		binder.bind(IScopeProvider.class).annotatedWith(Names.named(AbstractDeclarativeScopeProvider.NAMED_DELEGATE))
				.to(IsthmusNamespaces.class);
	}
}
