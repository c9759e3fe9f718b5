package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Thousands of random token mutations of the example files (delete, duplicate, swap, truncate): the parser,
 * linker and validator never throw — Xtext would swallow and log an exception inside a check, so the log is
 * watched too — and every problem is a located diagnostic. Seeded, so a failure reproduces; bounded in time.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class MutationRobustnessTest {

	private static final long SEED = 20261121L;
	private static final int MUTATIONS = 3000;
	private static final long BUDGET_MILLIS = 60_000;
	private static final Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|\\w+|->|<-|\\?\\.|\\?\\?|[^\\s\\w]");

	@Inject
	private Provider<ResourceSet> resourceSets;

	@Inject
	private IResourceValidator validator;

	@Test
	void mutationsNeverThrowAndEveryProblemIsLocated() throws Exception {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(Path.of("../../examples/revenue-ops"))) {
			files = walk.filter(p -> p.toString().endsWith(".isl")).sorted().toList();
		}
		ResourceSet project = resourceSets.get();
		List<XtextResource> resources = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		for (Path file : files) {
			XtextResource resource = (XtextResource) project.getResource(URI.createFileURI(file.toAbsolutePath().toString()), true);
			resources.add(resource);
			texts.add(Files.readString(file));
		}
		List<String> logged = new ArrayList<>();
		AppenderSkeleton watch = new AppenderSkeleton() {
			@Override
			protected void append(LoggingEvent event) {
				if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
					logged.add(event.getRenderedMessage() + (event.getThrowableInformation() == null ? "" : ": " + java.util.Arrays.toString(java.util.Arrays.copyOf(event.getThrowableInformation().getThrowable().getStackTrace(), 4))) + (event.getThrowableInformation() == null ? ""
							: ": " + event.getThrowableInformation().getThrowable()));
				}
			}

			@Override
			public void close() {
			}

			@Override
			public boolean requiresLayout() {
				return false;
			}
		};
		Logger.getRootLogger().addAppender(watch);
		Random random = new Random(SEED);
		long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
		int done = 0;
		try {
			for (; done < MUTATIONS && System.currentTimeMillis() < deadline; done++) {
				int which = random.nextInt(files.size());
				String mutated = mutate(texts.get(which), random);
				XtextResource resource = resources.get(which);
				String where = files.get(which) + " mutation " + done + " (seed " + SEED + ")";
				try {
					resource.reparse(mutated);
					for (Issue issue : validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl)) {
						assertTrue(issue.getLineNumber() != null && issue.getLineNumber() >= 1 && issue.getOffset() != null,
								() -> "unlocated " + issue + " after " + where + "; log: " + logged);
					}
				} catch (RuntimeException e) {
					throw new AssertionError("threw after " + where + ":\n" + mutated, e);
				} finally {
					resource.reparse(texts.get(which));
				}
				int seen = done;
				assertEquals(List.of(), logged, () -> "logged an error after " + where + " (" + seen + ")");
			}
		} finally {
			Logger.getRootLogger().removeAppender(watch);
		}
		assertTrue(done >= 1000, "only " + done + " mutations ran within the time budget");
	}

	private static String mutate(String text, Random random) {
		List<int[]> tokens = new ArrayList<>();
		Matcher m = TOKEN.matcher(text);
		while (m.find()) {
			tokens.add(new int[] { m.start(), m.end() });
		}
		if (tokens.size() < 2) {
			return text;
		}
		int i = random.nextInt(tokens.size() - 1);
		int[] t = tokens.get(i);
		int[] next = tokens.get(i + 1);
		String token = text.substring(t[0], t[1]);
		return switch (random.nextInt(4)) {
			case 0 -> text.substring(0, t[0]) + text.substring(t[1]); // delete
			case 1 -> text.substring(0, t[1]) + " " + token + text.substring(t[1]); // duplicate
			case 2 -> text.substring(0, t[0]) + text.substring(next[0], next[1]) + text.substring(t[1], next[0]) + token
					+ text.substring(next[1]); // swap with the next token
			default -> text.substring(0, t[0]); // truncate
		};
	}
}
