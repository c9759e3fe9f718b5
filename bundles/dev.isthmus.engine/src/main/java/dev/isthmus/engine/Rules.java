package dev.isthmus.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Mapping rules compiled once: each fills one field of the target object — assigns it, appends to it, or fills a
 * nested object by rules of its own.
 */
public final class Rules {

	private record Rule(String target, boolean append, Compiled value, Rules nested) {
	}

	private final List<Rule> rules;

	private Rules(List<Rule> rules) {
		this.rules = rules;
	}

	public static Rules compile(JsonNode tree, String where) {
		List<Rule> rules = new ArrayList<>();
		for (JsonNode rule : tree) {
			String target = Expressions.name(rule, "target");
			String here = where + ", rule " + target;
			rules.add(rule.has("rules") ? new Rule(target, false, null, compile(rule.get("rules"), here))
					: new Rule(target, rule.path("append").asBoolean(false), Expressions.compile(rule.get("value"), here), null));
		}
		return new Rules(rules);
	}

	/** The target object the rules make from the evaluation's record; fields in rule order. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> apply(Evaluation evaluation) {
		Map<String, Object> target = new LinkedHashMap<>();
		for (Rule rule : rules) {
			if (rule.nested != null) {
				target.put(rule.target, rule.nested.apply(evaluation));
			} else if (rule.append) {
				List<Object> list = (List<Object>) target.computeIfAbsent(rule.target, k -> new ArrayList<>());
				Object value = rule.value.evaluate(evaluation);
				if (value instanceof List<?> many) {
					list.addAll(many);
				} else if (value != null) {
					list.add(value);
				}
			} else {
				target.put(rule.target, rule.value.evaluate(evaluation));
			}
		}
		return target;
	}
}
