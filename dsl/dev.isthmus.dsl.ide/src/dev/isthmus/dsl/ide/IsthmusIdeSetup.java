package dev.isthmus.dsl.ide;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.isthmus.dsl.IsthmusRuntimeModule;
import dev.isthmus.dsl.IsthmusStandaloneSetup;
import org.eclipse.xtext.util.Modules2;

/**
 * Initialization support for running Xtext languages as language servers.
 */
public class IsthmusIdeSetup extends IsthmusStandaloneSetup {

	@Override
	public Injector createInjector() {
		return Guice.createInjector(Modules2.mixin(new IsthmusRuntimeModule(), new IsthmusIdeModule()));
	}
	
}
