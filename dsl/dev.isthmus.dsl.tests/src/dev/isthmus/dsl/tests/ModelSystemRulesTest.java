package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.ModelValidator;
import dev.isthmus.dsl.validation.SystemValidator;

/** Rules of models, lookups, calendars and systems: a failing input with message and line, and its fix. */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class ModelSystemRulesTest {

	@Inject
	private ValidationFixture fixture;

	@Test
	void keysAreRequiredSingleValues() throws Exception {
		fixture.single("package acme\nmodel K {\n  key id : String?\n}\n", ModelValidator.BAD_KEY, 3,
				"key field 'id' must be a single, required value");
		fixture.none("package acme\nmodel K {\n  key id : String\n}\n");
	}

	@Test
	void defaultsFitTheirField() throws Exception {
		fixture.single("package acme\nmodel K {\n  key id : String\n  n : Long = \"x\"\n}\n", ModelValidator.BAD_DEFAULT,
				4, "default of 'n': a String cannot go into Long");
		fixture.none("package acme\nmodel K {\n  key id : String\n  n : Long = 5\n  e : LegalEntity = DE01\n}\n");
	}

	@Test
	void constraintsFitTheFieldAndAreNotEmpty() throws Exception {
		fixture.single("package acme\nmodel K {\n  key id : String\n  n : Long range 10 .. 1\n}\n",
				ModelValidator.BAD_CONSTRAINT, 4, "the range 10 .. 1 is empty; swap its bounds");
		fixture.single("package acme\nmodel K {\n  key id : String matches \"([a-z\"\n}\n",
				ModelValidator.BAD_CONSTRAINT, 3, "the pattern does not compile");
		fixture.single("package acme\nmodel K {\n  key id : String\n  n : Long length 1 .. 3\n}\n",
				ModelValidator.BAD_CONSTRAINT, 4, "'length' bounds texts, but 'n' is a Long");
		fixture.none("package acme\nmodel K {\n  key id : String matches \"^[a-z]+$\" length 1 .. 20\n  n : Long range 1 .. 10\n}\n");
		fixture.single("package acme\nmodel K {\n  key id : String\n  n : Integer matches \"[0-9]+\"\n}\n",
				ModelValidator.BAD_CONSTRAINT, 4, "'matches' checks texts, but 'n' is an Integer");
		// a type not known is its own error, not also "'length' bounds texts, but 'n' is a any" (review 38)
		var issues = fixture.issues("package acme\nmodel K {\n  key id : String\n  n : Strng length 1 .. 3\n}\n");
		assertTrue(issues.stream().noneMatch(i -> i.getMessage().contains("bounds texts")), issues::toString);
	}

	@Test
	void requiredReferenceCyclesAreErrors() throws Exception {
		String models = """
				package acme
				model A { key id : String  b : ref B }
				model B { key id : String  a : ref A? }
				""";
		java.util.List<org.eclipse.xtext.validation.Issue> issues = fixture.issues(models.replace("a : ref A?", "a : ref A"));
		org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(
				"2: required references form a cycle (A -> B -> A); make one of them optional with '?'",
				"3: required references form a cycle (B -> A -> B); make one of them optional with '?'"),
				issues.stream().map(i -> i.getLineNumber() + ": " + i.getMessage()).toList());
		fixture.none(models);
	}

	@Test
	void lookupEntriesFitTheLookupTypes() throws Exception {
		fixture.single("package acme\nlookup L : String -> LegalEntity {\n  \"USD\" -> US01\n  \"EUR\" -> 3\n}\n",
				ModelValidator.BAD_ENTRY, 4, "lookup value: an Integer cannot go into LegalEntity");
		fixture.none("package acme\nlookup L : String -> LegalEntity {\n  \"USD\" -> US01\n  \"EUR\" -> DE01\n  default US01\n}\n");
	}

	@Test
	void secretsWrittenAsLiteralsWarn() throws Exception {
		String system = "package acme\nsystem S kind erp {\n  record R json { id : string }\n"
				+ "  endpoint e http post \"https://erp.example/x\" sends R\n    auth bearer SECRET\n}\n";
		fixture.single(system.replace("SECRET", "\"tok_live_123\""), SystemValidator.SECRET_LITERAL, 5,
				"read it from an environment variable instead: env NAME");
		fixture.none(system.replace("SECRET", "env ERP_TOKEN"));
	}

	@Test
	void jdbcUrlsWrittenInTheModelKeepTheirPasswordsInTheEnvironment() throws Exception {
		// A JDBC URL is no secret, its password is: review 27's URL, password from ${env:…}, took no warning it needed.
		String system = "package acme\nsystem S kind erp {\n  record R json { id : string }\n"
				+ "  endpoint e jdbc URL table \"T\" key \"ID\" sends R\n}\n";
		fixture.none(system.replace("URL", "\"jdbc:postgresql://db:5432/erp?user=app&password=${env:ERP_PASSWORD}\""));
		fixture.none(system.replace("URL", "\"jdbc:h2:tcp://db/erp\""));
		fixture.none(system.replace("URL", "\"${env:ERP_DB_URL}\""));
		fixture.single(system.replace("URL", "\"jdbc:postgresql://db/erp?user=app&password=hunter22\""), SystemValidator.SECRET_LITERAL, 4,
				"a password written into the URL ends up in version control; read it from an environment variable: password=${env:DB_PASSWORD}");
		fixture.single(system.replace("URL", "\"jdbc:h2:tcp://db/erp;USER=sa;PASSWORD=hunter22\""), SystemValidator.SECRET_LITERAL, 4,
				"a password written into the URL");
		fixture.single(system.replace("URL", "\"jdbc:mysql://app:hunter22@db/erp\""), SystemValidator.SECRET_LITERAL, 4,
				"a password written into the URL");
		fixture.single(system.replace("URL", "\"postgresql://db/erp\""), SystemValidator.BAD_ENDPOINT, 4, "a JDBC URL starts with jdbc:");
	}

	@Test
	void endpointsThatCannotWork() throws Exception {
		fixture.single("package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e webhook \"hooks\" receives R signature none\n}\n",
				SystemValidator.BAD_ENDPOINT, 4, "a webhook path starts with '/'");
		fixture.single("package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e http post \"erp/x\" sends R\n}\n",
				SystemValidator.BAD_ENDPOINT, 4, "an http URL starts with http://, https:// or an environment reference");
		// The runner refuses directories outside its --root; validate says so first (it did not).
		String files = "package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e file DIR receives R\n}\n";
		for (String outside : new String[] { "\"../escape\"", "\"/var/data\"", "\"in/../../x\"", "\"~/in\"" }) {
			fixture.single(files.replace("DIR", outside), SystemValidator.BAD_ENDPOINT, 4, "leaves it: write a path such as");
		}
		fixture.none(files.replace("DIR", "\"inbox/../orders\""));
		// A written file's pattern: a name with one '*' (a path wrote outside the root; no '*' was replaced unsaid).
		String written = "package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e file \"out\" pattern P sends R\n}\n";
		fixture.single(written.replace("P", "\"../../x-*.json\""), SystemValidator.BAD_ENDPOINT, 4, "not a path");
		fixture.single(written.replace("P", "\"latest.json\""), SystemValidator.BAD_ENDPOINT, 4, "need one '*' in their pattern");
		fixture.none(written.replace("P", "\"entries-*.json\""));
		fixture.none(written.replace("P", "\"latest.json\"").replace("sends", "receives"));
	}

	@Test
	void recordFieldsAreUnique() throws Exception {
		fixture.single("package acme\nsystem S kind erp {\n  record R json {\n    id : string\n    id : integer\n  }\n}\n",
				SystemValidator.DUPLICATE_FIELD, 5, "field 'id' is declared twice in this record");
	}
}
