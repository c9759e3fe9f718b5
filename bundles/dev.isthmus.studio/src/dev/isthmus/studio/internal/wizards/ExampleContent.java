package dev.isthmus.studio.internal.wizards;

import java.io.IOException;
import java.net.URL;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The revenue-ops example as it ships inside the Studio bundle ({@code examples/revenue-ops}, copied there from
 * the repository's {@code examples/} by the bundle's build, so that there is one copy to maintain).
 */
final class ExampleContent {

	/** Where the build puts the example, on the bundle's class path. */
	static final String FOLDER = "examples/revenue-ops/";

	private ExampleContent() {
	}

	/**
	 * The example's files by path relative to its folder, e.g. {@code models/common.isl}.
	 *
	 * @throws IOException when the bundle carries no example: a broken build
	 */
	static Map<String, URL> files() throws IOException {
		Bundle studio = FrameworkUtil.getBundle(ExampleContent.class);
		// The class path, not the bundle's entries: the example sits in the output folder of the bundle, which is
		// the jar's root when packaged but target/classes when the bundle runs from its project folder.
		BundleWiring wiring = studio.adapt(BundleWiring.class);
		Collection<String> names = wiring.listResources(FOLDER, "*", BundleWiring.LISTRESOURCES_RECURSE);
		Map<String, URL> files = new TreeMap<>();
		for (String name : names) {
			URL url = wiring.getClassLoader().getResource(name);
			if (!name.endsWith("/") && url != null) {
				files.put(name.substring(FOLDER.length()), url);
			}
		}
		if (files.isEmpty()) {
			throw new IOException("The Studio bundle carries no " + FOLDER + "; it was built without its example."
					+ " Rebuild the Studio with Maven (the bundle's pom copies examples/revenue-ops into it).");
		}
		return files;
	}
}
