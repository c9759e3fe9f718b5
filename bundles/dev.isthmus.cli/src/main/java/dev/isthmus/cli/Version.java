package dev.isthmus.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The version of this build, read from the bundle manifest of the jar this class was loaded from. */
public final class Version {

	private Version() {
	}

	/** The {@code Bundle-Version} of the running jar, e.g. {@code 0.1.0.v20261121-1100}. */
	public static String current() {
		try {
			Path codeSource = Path.of(Version.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Manifest manifest = manifestOf(codeSource);
			String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
			return version == null ? "(development build)" : version;
		} catch (IOException | URISyntaxException | SecurityException e) {
			return "(unknown: " + e.getMessage() + ")";
		}
	}

	private static Manifest manifestOf(Path codeSource) throws IOException {
		if (Files.isRegularFile(codeSource)) {
			try (JarFile jar = new JarFile(codeSource.toFile())) {
				return jar.getManifest();
			}
		}
		// Running from a class folder (tests, IDE): the manifest sits in the bundle's root, not in the folder.
		return null;
	}
}
