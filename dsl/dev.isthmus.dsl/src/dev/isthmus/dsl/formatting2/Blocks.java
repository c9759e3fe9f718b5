package dev.isthmus.dsl.formatting2;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;

import dev.isthmus.dsl.isthmus.AggregateStep;
import dev.isthmus.dsl.isthmus.Calendar;
import dev.isthmus.dsl.isthmus.DataModel;
import dev.isthmus.dsl.isthmus.Each;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.ExternalSystem;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.JsonObject;
import dev.isthmus.dsl.isthmus.Lookup;
import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.isthmus.MappingRule;
import dev.isthmus.dsl.isthmus.Match;
import dev.isthmus.dsl.isthmus.ObjectConstruction;
import dev.isthmus.dsl.isthmus.ObjectShape;
import dev.isthmus.dsl.isthmus.Record;
import dev.isthmus.dsl.isthmus.RouteStep;
import dev.isthmus.dsl.isthmus.Scenario;
import dev.isthmus.dsl.isthmus.TestCase;

/**
 * Blocks in braces: each member starts a line (one blank line between members is kept), the closing brace stands
 * on a line of its own, the inside is indented. Objects of record shapes and JSON stay on one line when written
 * so.
 */
final class Blocks {

	private final IsthmusFormatter formatter;

	Blocks(IsthmusFormatter formatter) {
		this.formatter = formatter;
	}

	void format(EObject object, IFormattableDocument doc) {
		switch (object) {
			case DataModel m -> block(m, doc, m.getFields());
			case ExternalSystem s -> block(s, doc, join(s.getRecords(), s.getEndpoints()));
			case Record r -> block(r, doc, r.getFields());
			case ObjectShape o -> {
				if (multiLine(o)) {
					block(o, doc, o.getFields());
				}
			}
			case JsonObject j -> {
				if (multiLine(j)) {
					block(j, doc, j.getMembers());
				}
			}
			case Endpoint e -> options(e, doc);
			case Lookup l -> block(l, doc, l.getEntries(), "default");
			case Calendar c -> block(c, doc, List.of(), "zone", "periods", "closes");
			case Mapping m -> block(m, doc, m.getRules());
			case MappingRule r -> {
				if (r.getValue() == null) {
					block(r, doc, r.getRules());
				}
			}
			case Each e -> block(e, doc, e.getRules());
			case ObjectConstruction o -> block(o, doc, o.getRules());
			case Match m -> block(m, doc, m.getCases(), "else");
			case Flow f -> block(f, doc, join(f.getSource() == null ? List.of() : List.of(f.getSource()), f.getSteps()));
			case AggregateStep a -> block(a, doc, a.getRules());
			case RouteStep r -> block(r, doc, r.getBranches());
			case TestCase t -> block(t, doc, join(t.getGivens(), t.getExpectations()));
			case Scenario s -> block(s, doc, s.getSettings());
			default -> {
			}
		}
	}

	private void block(EObject owner, IFormattableDocument doc, List<? extends EObject> members, String... lineKeywords) {
		ISemanticRegion open = formatter.keywords(owner, "{").stream().findFirst().orElse(null);
		List<ISemanticRegion> closes = formatter.keywords(owner, "}");
		if (open == null || closes.isEmpty()) {
			return;
		}
		ISemanticRegion close = closes.get(closes.size() - 1);
		doc.prepend(open, it -> it.oneSpace());
		for (EObject member : members) {
			doc.prepend(member, it -> it.setNewLines(1, 1, 2));
		}
		for (ISemanticRegion keyword : formatter.keywords(owner, lineKeywords)) {
			doc.prepend(keyword, it -> it.setNewLines(1, 1, 2));
		}
		doc.prepend(close, it -> it.newLine());
		doc.interior(open, close, it -> it.indent());
	}

	/** An endpoint's options (signature, auth, header, rate, timeout) continue it on lines of their own, indented. */
	private void options(Endpoint endpoint, IFormattableDocument doc) {
		if (endpoint.getOptions().isEmpty()) {
			return;
		}
		ITextRegionAccess access = formatter.regionAccess();
		ISemanticRegion first = access.regionForEObject(endpoint).getPreviousHiddenRegion().getNextSemanticRegion();
		ISemanticRegion last = access.regionForEObject(endpoint).getNextHiddenRegion().getPreviousSemanticRegion();
		for (EObject option : endpoint.getOptions()) {
			doc.prepend(option, it -> it.newLine());
		}
		doc.interior(first, last.getNextSemanticRegion() == null ? last : last.getNextSemanticRegion(), it -> it.indent());
	}

	private boolean multiLine(EObject object) {
		return formatter.regionAccess().regionForEObject(object).getText().contains("\n");
	}

	private static List<EObject> join(List<? extends EObject> a, List<? extends EObject> b) {
		List<EObject> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}
}
