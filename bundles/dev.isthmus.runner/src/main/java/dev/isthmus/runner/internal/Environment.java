package dev.isthmus.runner.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Environment variables as the configuration names them: {@code {"env": "NAME"}} for secrets and
 * {@code ${env:NAME}} inside URLs. Remembers every secret it hands out so that logs, traces, metrics and dead
 * letters can be scrubbed of them.
 */
public final class Environment {

	private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)\\}");

	private final Function<String, String> variables;
	private final java.util.Map<String, Set<String>> missing = new java.util.TreeMap<>();
	private final List<String> secrets = new CopyOnWriteArrayList<>();

	public Environment(Function<String, String> variables) {
		this.variables = variables;
	}

	/** A secret named by {@code {"env": NAME}}; notes it as missing when unset. */
	public String secret(JsonNode reference, String usedBy) {
		String name = reference.path("env").asText();
		String value = variables.apply(name);
		if (value == null || value.isEmpty()) {
			missing.computeIfAbsent(name, k -> new TreeSet<>()).add(usedBy);
			return null;
		}
		if (value.length() >= 4) {
			secrets.add(value);
		}
		return value;
	}

	/** A text with {@code ${env:NAME}} references replaced; notes missing ones. */
	public String expand(String text, String usedBy) {
		Matcher m = REFERENCE.matcher(text);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String value = variables.apply(m.group(1));
			if (value == null) {
				missing.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(usedBy);
				value = "";
			}
			m.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		m.appendTail(out);
		return out.toString();
	}

	/** A plain variable, e.g. a JDBC URL named by {@code jdbc env NAME}. */
	public String variable(String name, String usedBy) {
		String value = variables.apply(name);
		if (value == null || value.isEmpty()) {
			missing.computeIfAbsent(name, k -> new TreeSet<>()).add(usedBy);
		}
		return value;
	}

	/** Each unset variable with what uses it: {@code NETSUITE_TOKEN (used by endpoint …, endpoint …)}. */
	public List<String> missing() {
		List<String> list = new ArrayList<>();
		missing.forEach((name, users) -> list.add(name + " (used by " + String.join("; ", users) + ")"));
		return list;
	}

	/** The text with every secret replaced by {@code ***}. */
	/** Whether any secret has been read, so that texts need {@link #redact}ing. */
	public boolean hasSecrets() {
		return !secrets.isEmpty();
	}

	public String redact(String text) {
		if (text == null) {
			return null;
		}
		String result = text;
		for (String secret : secrets) {
			result = result.replace(secret, "***");
		}
		return result;
	}
}
