package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.typing.ExpressionTypes;

/** The inferred type of expressions of the example, as hover and content assist will ask for it. */
class ExpressionTypesTest {

	private static IslProject project;

	@BeforeAll
	static void load() throws Exception {
		project = IslProject.load(Path.of("../../examples/revenue-ops"));
	}

	@Test
	void typesInMappingsFlowsAndTests() {
		assertEquals("Decimal", typeOf("minorToDecimal(total, currency)"));
		assertEquals("String", typeOf("l.price?.product ?? \"unassigned\""));
		assertEquals("String?", typeOf("l.price?.product"));
		assertEquals("Boolean", typeOf("type == \"invoice.finalized\""));
		assertEquals("LegalEntity", typeOf("entityByCurrency(currency)"));
		assertEquals("Decimal(2)", typeOf("CreditMemo.amount"));
		assertEquals("Long", typeOf("count(Invoice.lines)"));
	}

	/** The type of the first expression of the example whose text is exactly {@code text}. */
	private static String typeOf(String text) {
		for (var resource : project.resources()) {
			for (var it = resource.getAllContents(); it.hasNext();) {
				EObject o = it.next();
				if (o instanceof Expression e && NodeModelUtils.getTokenText(NodeModelUtils.getNode(e)).equals(text)) {
					return ExpressionTypes.typeOf(e).display();
				}
			}
		}
		throw new AssertionError("no expression '" + text + "' in the example");
	}
}
