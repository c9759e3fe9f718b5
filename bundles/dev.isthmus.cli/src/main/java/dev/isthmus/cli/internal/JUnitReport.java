package dev.isthmus.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The JUnit XML report CI servers read: one testcase per test block, failures with their message and trace. */
final class JUnitReport {

	private JUnitReport() {
	}

	static void write(Path file, String suite, List<TestRun.Result> results) throws IOException {
		long failures = results.stream().filter(r -> !r.passed()).count();
		double time = results.stream().mapToDouble(TestRun.Result::seconds).sum();
		StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		xml.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">%n",
				escape(suite), results.size(), failures, time));
		for (TestRun.Result r : results) {
			xml.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
					escape(r.file()), escape(r.name()), r.seconds()));
			if (r.passed()) {
				xml.append("/>\n");
			} else {
				xml.append(">\n    <failure message=\"").append(escape(r.failures().get(0))).append("\">")
						.append(escape(String.join("\n", r.failures()) + "\ntrace:\n" + String.join("\n", r.trace())))
						.append("</failure>\n  </testcase>\n");
			}
		}
		xml.append("</testsuite>\n");
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		Files.writeString(file, xml);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
