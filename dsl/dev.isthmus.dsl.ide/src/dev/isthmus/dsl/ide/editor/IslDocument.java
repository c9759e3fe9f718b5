package dev.isthmus.dsl.ide.editor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.StringInputStream;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Injector;

import dev.isthmus.dsl.project.IslFormatting;

/**
 * One open {@code .isl} file together with the other files of its project, parsed and linked as the validator and
 * the generator see them. This is what the Studio's editor asks for problems, highlighting, content assist, hover,
 * navigation, the outline, formatting and quick fixes — answered by Xtext's IDE services and the language's own
 * typing, with no SWT: the editor only turns the answers into JFace objects.
 * <p>
 * Thread-safe: Xtext resources are not, so every call holds this document's lock. The editor updates the text off
 * the UI thread (its reconciler) and asks the rest from wherever JFace asks.
 */
public final class IslDocument {

	private final Injector injector;
	private final Path file;
	private final Path projectRoot;
	private final XtextResourceSet resources;
	private final XtextResource resource;
	private final Map<Path, Long> siblings = new HashMap<>();
	private final ReentrantLock lock = new ReentrantLock();
	private String text;

	private IslDocument(Injector injector, Path file, Path projectRoot, String text) {
		this.injector = injector;
		this.file = file.toAbsolutePath().normalize();
		this.projectRoot = projectRoot == null ? null : projectRoot.toAbsolutePath().normalize();
		this.resources = injector.getInstance(XtextResourceSet.class);
		// Parse with this injector's grammar, whichever setup registered ".isl" globally last: the IDE services
		// compare grammar elements by identity, so a file parsed by the headless language's parser (the builder's)
		// gets no proposals.
		resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put("isl",
				injector.getInstance(org.eclipse.xtext.resource.IResourceFactory.class));
		this.resource = (XtextResource) resources.createResource(URI.createFileURI(this.file.toString()));
		this.text = text;
		try {
			resource.load(new StringInputStream(text), resources.getLoadOptions());
		} catch (IOException e) {
			throw new UncheckedIOException("cannot parse " + file, e); // a string stream does not fail
		}
		refreshSiblings();
	}

	/**
	 * Opens {@code text} as the content of {@code file}; the other {@code .isl} files below {@code projectRoot} (if
	 * not {@code null}) are read from disk so that references across files resolve.
	 */
	public static IslDocument open(Path file, Path projectRoot, String text) {
		return new IslDocument(IslIde.injector(), file, projectRoot, text);
	}

	/** The file this document edits. */
	public Path file() {
		return file;
	}

	/** The text last given to {@link #update(String)} (or {@link #open}). */
	public String text() {
		lock.lock();
		try {
			return text;
		} finally {
			lock.unlock();
		}
	}

	/**
	 * Parses {@code newText} as the file's content, and re-reads project files that changed on disk. Does nothing
	 * when the text is unchanged and no other file changed.
	 */
	public void update(String newText) {
		lock.lock();
		try {
			boolean othersChanged = refreshSiblings();
			if (!newText.equals(text) || othersChanged) {
				text = newText;
				resource.reparse(newText);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} finally {
			lock.unlock();
		}
	}

	/**
	 * Runs {@code query} on the parsed file while holding the lock: the model views read the EMF model this way.
	 * The objects must not be kept past the call: the next {@link #update} replaces them.
	 */
	public <T> T read(Function<XtextResource, T> query) {
		lock.lock();
		try {
			return query.apply(resource);
		} finally {
			lock.unlock();
		}
	}

	/** The innermost model element at {@code offset}, or {@code null}. Use inside {@link #read}. */
	public EObject elementAt(XtextResource parsed, int offset) {
		return injector.getInstance(EObjectAtOffsetHelper.class).resolveContainedElementAt(parsed, offset);
	}

	/** Syntax, linking and validation problems of this file, in text order. */
	public List<IslProblem> problems(CancelIndicator cancel) {
		return read(parsed -> {
			List<IslProblem> problems = new ArrayList<>();
			for (Issue issue : injector.getInstance(IResourceValidator.class).validate(parsed, CheckMode.ALL, cancel)) {
				int offset = issue.getOffset() == null ? 0 : issue.getOffset();
				int length = issue.getLength() == null ? 0 : issue.getLength();
				int line = issue.getLineNumber() == null ? 1 : issue.getLineNumber();
				IslProblem.Severity severity = switch (issue.getSeverity()) {
					case ERROR -> IslProblem.Severity.ERROR;
					case WARNING -> IslProblem.Severity.WARNING;
					default -> IslProblem.Severity.INFO;
				};
				List<String> data = issue.getData() == null ? List.of()
						: java.util.Arrays.stream(issue.getData()).map(d -> d == null ? "" : d).toList();
				problems.add(new IslProblem(offset, length, line, severity, issue.getMessage(), issue.getCode(), data));
			}
			problems.sort(java.util.Comparator.comparingInt(IslProblem::offset));
			return problems;
		});
	}

	/** Names coloured by meaning: declarations, references, types, function calls. */
	public List<IslHighlight> highlights() {
		return read(parsed -> new IslHighlighter().highlights(parsed));
	}

	/** Content assist at {@code offset} of the current text. */
	public List<IslProposal> proposals(int offset) {
		return read(parsed -> injector.getInstance(IslCompletion.class).proposals(parsed, text, offset));
	}

	/** What a hover at {@code offset} shows (plain text, first line a signature), or {@code null}. */
	public String hover(int offset) {
		return read(parsed -> injector.getInstance(IslNavigation.class).hover(parsed, offset));
	}

	/** Where the name at {@code offset} is declared, or {@code null}. */
	public IslLocation definition(int offset) {
		return read(parsed -> injector.getInstance(IslNavigation.class).definition(parsed, offset));
	}

	/** The places in the project that refer to the declaration at (or referred to at) {@code offset}. */
	public List<IslLocation> references(int offset) {
		return read(parsed -> injector.getInstance(IslNavigation.class).references(parsed, offset));
	}

	/** The outline of the file. */
	public List<IslSymbol> symbols() {
		return read(parsed -> new IslOutline().symbols(parsed));
	}

	/**
	 * The edit that formats the whole file with the language's formatter, or {@code null} when it is formatted
	 * already or has syntax errors (a broken file is left as the user wrote it).
	 */
	public IslEdit format() {
		return read(parsed -> {
			if (!parsed.getErrors().isEmpty()) {
				return null;
			}
			return IslEdits.difference(text, injector.getInstance(IslFormatting.class).format(parsed));
		});
	}

	/** Mechanical fixes for {@code problem}, e.g. "change to 'total'"; empty when there is none. */
	public List<IslQuickFix> quickFixes(IslProblem problem) {
		return read(parsed -> new IslQuickFixes().of(parsed, text, problem));
	}

	/** Loads new or changed project files and drops deleted ones; true if anything changed. */
	private boolean refreshSiblings() {
		if (projectRoot == null || !Files.isDirectory(projectRoot)) {
			return false;
		}
		boolean changed = false;
		Map<Path, Long> seen = new HashMap<>();
		try (Stream<Path> walk = Files.walk(projectRoot)) {
			for (Path path : walk.filter(p -> p.toString().endsWith(".isl") && Files.isRegularFile(p)).toList()) {
				Path normal = path.toAbsolutePath().normalize();
				if (normal.equals(file)) {
					continue;
				}
				long modified = Files.getLastModifiedTime(normal).toMillis();
				seen.put(normal, modified);
				Long known = siblings.get(normal);
				if (known == null || known != modified) {
					load(normal);
					changed = true;
				}
			}
		} catch (IOException e) {
			return false; // a folder that vanished mid-walk: keep what is loaded, try again on the next update
		}
		for (Path gone : List.copyOf(siblings.keySet())) {
			if (!seen.containsKey(gone)) {
				Resource r = resources.getResource(URI.createFileURI(gone.toString()), false);
				if (r != null) {
					r.unload();
					resources.getResources().remove(r);
				}
				changed = true;
			}
		}
		siblings.clear();
		siblings.putAll(seen);
		return changed;
	}

	private void load(Path path) {
		URI uri = URI.createFileURI(path.toString());
		Resource existing = resources.getResource(uri, false);
		if (existing != null) {
			existing.unload();
			resources.getResources().remove(existing);
		}
		Resource loaded = resources.createResource(uri);
		try {
			loaded.load(resources.getLoadOptions());
		} catch (IOException e) {
			resources.getResources().remove(loaded); // unreadable: the builder's marker says so, not the editor
		}
	}
}
