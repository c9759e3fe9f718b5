package dev.isthmus.dsl.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Injector;


/**
 * The {@code .isl} files below one project folder, loaded into one resource set so that references cross
 * files. Headless: this is what the command line and build servers validate; no workspace, no OSGi.
 */
public final class IslProject {

	private final Path root;
	private final List<Path> files;
	private final XtextResourceSet resources;

	private IslProject(Path root, List<Path> files, XtextResourceSet resources) {
		this.root = root;
		this.files = files;
		this.resources = resources;
	}

	/**
	 * Loads every {@code .isl} file below {@code root} (sorted, so diagnostics come in a stable order).
	 *
	 * @throws IOException if the folder cannot be listed or a file cannot be read
	 */
	public static IslProject load(Path root) throws IOException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(root)) {
			files = walk.filter(p -> p.toString().endsWith(".isl") && Files.isRegularFile(p)).sorted().toList();
		}
		XtextResourceSet resources = injector().getInstance(XtextResourceSet.class);
		// This injector's parser, even where an IDE setup registered ".isl" globally after it (the Studio has both).
		resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put("isl",
				injector().getInstance(org.eclipse.xtext.resource.IResourceFactory.class));
		for (Path file : files) {
			Resource resource = resources.createResource(URI.createFileURI(file.toAbsolutePath().toString()));
			resource.load(resources.getLoadOptions());
		}
		return new IslProject(root, files, resources);
	}

	/** The project's {@code .isl} files, as paths below the folder it was loaded from. */
	public List<Path> files() {
		return files;
	}

	/**
	 * Syntax, linking and validation problems of all files, file by file in line order; the files with syntax errors
	 * first, since what the parser could not read may be what other files' errors are about (an endpoint it lost is
	 * "not known" in every flow that names it).
	 */
	public List<ProjectDiagnostic> validate() {
		IResourceValidator validator = injector().getInstance(IResourceValidator.class);
		List<ProjectDiagnostic> unreadable = new ArrayList<>();
		List<ProjectDiagnostic> diagnostics = new ArrayList<>();
		for (int i = 0; i < files.size(); i++) {
			XtextResource resource = (XtextResource) resources.getResources().get(i);
			List<ProjectDiagnostic> ofFile = new ArrayList<>();
			boolean syntax = false;
			for (Issue issue : validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl)) {
				ofFile.add(ProjectDiagnostic.of(files.get(i), issue));
				syntax |= issue.isSyntaxError();
			}
			ofFile.sort(java.util.Comparator.comparingInt(ProjectDiagnostic::line).thenComparingInt(ProjectDiagnostic::column));
			(syntax ? unreadable : diagnostics).addAll(ofFile);
		}
		unreadable.addAll(diagnostics);
		return unreadable;
	}

	/** Only the errors of {@link #validate()}: what stops generating and testing. */
	public List<ProjectDiagnostic> errors() {
		return validate().stream().filter(d -> d.severity() == ProjectDiagnostic.Severity.ERROR).toList();
	}

	/** The loaded files, in the order of {@link #files()}. */
	public List<Resource> resources() {
		return List.copyOf(resources.getResources().subList(0, files.size()));
	}

	/** The formatted text of each file whose text the formatter would change, by file. */
	public java.util.Map<Path, String> unformatted() throws IOException {
		IslFormatting formatting = injector().getInstance(IslFormatting.class);
		java.util.Map<Path, String> changed = new java.util.LinkedHashMap<>();
		for (int i = 0; i < files.size(); i++) {
			XtextResource resource = (XtextResource) resources.getResources().get(i);
			if (!resource.getErrors().isEmpty()) {
				continue; // a file with syntax errors is left as it is
			}
			String formatted = formatting.format(resource);
			if (!formatted.equals(Files.readString(files.get(i)))) {
				changed.put(files.get(i), formatted);
			}
		}
		return changed;
	}

	/** The folder this project was loaded from. */
	public Path root() {
		return root;
	}

	private static Injector injector() {
		return StandaloneLanguage.injector();
	}
}
