package dev.isthmus.studio.internal.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;

import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;
import dev.isthmus.dsl.project.StandaloneLanguage;
import dev.isthmus.importer.RecordImporter;
import dev.isthmus.importer.RecordImporter.ImportException;
import dev.isthmus.importer.RecordImporter.Source;

/**
 * Imports a record shape into an {@code .isl} file with the command line's importer ({@link RecordImporter}): the
 * declaration is appended to the file, or starts a new one. The project is validated afterwards; a declaration that
 * does not validate there (say, a record of that name exists already) is taken out again and the errors reported.
 *
 * @param sample  the sample JSON, NDJSON or CSV file or the JSON Schema
 * @param source  what {@code sample} is
 * @param name    the record's name
 * @param pointer a JSON pointer to the sample inside a larger JSON document, or {@code null}
 * @param target  the {@code .isl} file the declaration goes to
 */
public record RecordShapeImport(Path sample, Source source, String name, String pointer, IFile target) {

	/** The source a file name suggests: {@code .ndjson} and {@code .csv} by extension, JSON otherwise. */
	public static Source sourceFor(String fileName) {
		String lower = fileName.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
			return Source.NDJSON;
		}
		if (lower.endsWith(".csv")) {
			return Source.CSV;
		}
		return lower.endsWith(".schema.json") ? Source.JSONSCHEMA : Source.JSON;
	}

	/** What is wrong with the request before anything is read, or {@code null}. */
	public String problem() {
		if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
			return "'" + name + "' is not a record name; use letters, digits and _, starting with a letter.";
		}
		if (StandaloneLanguage.keywords().contains(name)) {
			return "'" + name + "' is a keyword of the language; choose another record name.";
		}
		if (!"isl".equals(target.getFileExtension())) {
			return target.getFullPath() + " is not an .isl file; the record goes into one (new or existing).";
		}
		return null;
	}

	/**
	 * Writes the declaration into the target and validates the project.
	 *
	 * @return the declaration that was written
	 * @throws CoreException with a message saying what is wrong and where, when the sample cannot be read or the
	 *                       declaration does not validate in the project (the target is then left as it was)
	 */
	public String run(IProgressMonitor monitor) throws CoreException {
		SubMonitor progress = SubMonitor.convert(monitor, "Importing " + name + " from " + sample.getFileName(), 100);
		String problem = problem();
		if (problem != null) {
			throw new CoreException(Status.error(problem));
		}
		String declaration;
		try {
			declaration = new RecordImporter(StandaloneLanguage.keywords()::contains).importRecord(source, sample, name,
					pointer == null || pointer.isBlank() ? null : pointer.trim());
		} catch (ImportException e) {
			throw new CoreException(Status.error(e.getMessage(), e));
		}
		progress.worked(30);
		String before = target.exists() ? read(target) : null;
		String after = before == null ? "package " + packageOf(target) + "\n\n" + declaration
				: before + (before.endsWith("\n") ? "\n" : "\n\n") + declaration;
		write(target, after, progress.split(20));
		List<ProjectDiagnostic> errors = errorsIn(target, progress.split(50));
		if (!errors.isEmpty()) {
			if (before == null) {
				target.delete(true, null);
			} else {
				write(target, before, null);
			}
			ProjectDiagnostic first = errors.get(0);
			throw new CoreException(Status.error("The imported record " + name + " does not validate in "
					+ target.getFullPath() + " (line " + first.line() + ": " + first.message() + "), so it was not added."
					+ " Choose another record name or target file and import again."));
		}
		return declaration;
	}

	private static List<ProjectDiagnostic> errorsIn(IFile file, IProgressMonitor monitor) throws CoreException {
		Path root = file.getProject().getLocation().toPath();
		Path path = file.getLocation().toPath();
		try {
			return IslProject.load(root).errors().stream().filter(d -> d.file().equals(path)).toList();
		} catch (IOException e) {
			throw new CoreException(Status.error("Cannot read the .isl files of " + file.getProject().getName()
					+ " to check the import: " + e.getMessage(), e));
		}
	}

	private static String packageOf(IFile target) {
		return dev.isthmus.studio.internal.wizards.IslPackages.of(target.getParent());
	}

	private static String read(IFile file) throws CoreException {
		try (InputStream in = file.getContents(true)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new CoreException(Status.error("Cannot read " + file.getFullPath() + ": " + e.getMessage(), e));
		}
	}

	private static void write(IFile file, String text, IProgressMonitor monitor) throws CoreException {
		ByteArrayInputStream bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
		if (file.exists()) {
			file.setContents(bytes, IFile.KEEP_HISTORY, monitor);
		} else {
			createFolders(file.getParent());
			file.create(bytes, true, monitor);
		}
	}

	private static void createFolders(IContainer container) throws CoreException {
		if (container instanceof IFolder folder && !folder.exists()) {
			createFolders(folder.getParent());
			folder.create(true, true, null);
		}
	}
}
