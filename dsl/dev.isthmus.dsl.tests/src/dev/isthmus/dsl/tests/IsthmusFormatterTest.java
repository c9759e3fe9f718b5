package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

import dev.isthmus.dsl.isthmus.IslFile;
import dev.isthmus.dsl.project.IslFormatting;

@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class IsthmusFormatterTest {

	@Inject
	private ParseHelper<IslFile> parser;

	@Inject
	private IslFormatting formatting;

	@Inject
	private Provider<ResourceSet> resourceSets;

	private String format(String text) throws Exception {
		return formatting.format((XtextResource) parser.parse(text, resourceSets.get()).eResource());
	}

	@Test
	void linesAndIndentationAreNormalised() throws Exception {
		String messy = """
				package acme
				import acme.common.*
				model Invoice owner Billing { key id : String
				      total : Decimal ( 2 )
				  lines : Line [ ] }
				mapping M : A -> Invoice { id <- upper ( id )  total <- x . y ?? 0.00 }
				""";
		assertEquals("""
				package acme

				import acme.common.*

				model Invoice owner Billing {
				    key id : String
				    total : Decimal(2)
				    lines : Line[]
				}

				mapping M : A -> Invoice {
				    id <- upper(id)
				    total <- x.y ?? 0.00
				}
				""", format(messy));
	}

	@Test
	void formattingIsStable() throws Exception {
		String once = format("flow F { from S.e where a > 1 map M route { when b -> S.x otherwise -> S.y } }");
		assertEquals(once, format(once));
		assertEquals("""
				flow F {
				    from S.e where a > 1
				    map M
				    route {
				        when b -> S.x
				        otherwise -> S.y
				    }
				}
				""", once);
	}

	@Test
	void theExamplesAreFormatted() throws Exception {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(Path.of("../../examples"))) {
			files = walk.filter(p -> p.toString().endsWith(".isl")).sorted().toList();
		}
		for (Path file : files) {
			String text = Files.readString(file);
			assertEquals(text, format(text), file + " is not formatted; format it with the language's formatter");
		}
	}
}
