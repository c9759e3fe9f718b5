package dev.isthmus.studio.internal.workspace;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import dev.isthmus.generator.ConnectorGenerator;

/**
 * The version the Studio writes into a generated manifest's {@code generator} field.
 * <p>
 * {@code isthmus generate} writes {@code dev.isthmus.cli.Version.current()}, the {@code Bundle-Version} of the CLI's
 * jar. The Studio does not ship the CLI, so it takes the {@code Bundle-Version} of the generator bundle instead. In
 * one reactor build Tycho gives every bundle the same qualifier (the build's timestamp, see the root pom's
 * {@code tycho-packaging-plugin} format), so both strings are equal and the Studio's output is byte-identical to the
 * command line's of the same build. A CLI of another build differs in exactly this field.
 */
public final class GeneratorVersion {

	private GeneratorVersion() {
	}

	/** The generator bundle's version, e.g. {@code 0.1.0.v20261129-0147}. */
	public static String current() {
		Bundle generator = FrameworkUtil.getBundle(ConnectorGenerator.class);
		return generator == null ? "(development build)" : generator.getVersion().toString();
	}
}
