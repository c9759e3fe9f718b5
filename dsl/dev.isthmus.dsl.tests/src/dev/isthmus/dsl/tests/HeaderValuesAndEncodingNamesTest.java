package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.FileEncodingValidator;
import dev.isthmus.dsl.validation.RequestHeaderValidator;

/**
 * Headers the runner's HTTP client would send otherwise than written, said where they are written: a value past
 * ASCII (sent with '?' in its place; validate accepted Latin-1, and a value past it was refused only at start), a
 * Proxy-* header (dropped), the client's own headers (the same list the runner refuses at start); and an encoding's
 * did-you-mean that finds the name written with other punctuation ('latin-1' is latin1, not Latin-9).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class HeaderValuesAndEncodingNamesTest {

	@Inject
	private ValidationFixture fixture;

	private static String http(String options) {
		return "package acme\nsystem S kind erp {\n  record R json { id : string }\n"
				+ "  endpoint e http post \"https://erp.example/x\" sends R\n    " + options + "\n}\n";
	}

	private static String file(String encoding) {
		return "package acme\nsystem S kind erp {\n  record R csv { id : string }\n  endpoint e file \"inbox\" encoding \"" + encoding
				+ "\" receives R\n}\n";
	}

	@Test
	void aValuePastAsciiIsAnErrorSayingTheCharacterAndWhatToDo() throws Exception {
		Issue issue = fixture.single(http("header \"X-Lat\" \"caf\u00e9\""), RequestHeaderValidator.BAD_HEADER, 5,
				"the value of header 'X-Lat' holds '\u00e9' (U+00E9) at character 4, past ASCII");
		assertTrue(issue.getMessage().contains("the runner's HTTP client sends a header value as ASCII, with '?' in place of any other"
				+ " character: use only ASCII characters, or percent-encode it (%C3%A9 in UTF-8) if the API expects that"), issue::getMessage);
		fixture.single(http("header \"X-Uni\" \"\u65e5\u672c\""), RequestHeaderValidator.BAD_HEADER, 5, "holds '\u65e5' (U+65E5) at character 1");
		fixture.none(http("header \"X-Lat\" \"caf%C3%A9 ~!\""));
	}

	@Test
	void aProxyHeaderIsAnErrorForTheClientDropsIt() throws Exception {
		Issue issue = fixture.single(http("header \"Proxy-Authorization\" env PA"), RequestHeaderValidator.BAD_HEADER, 5,
				"the runner's HTTP client drops every Proxy-* header, for the runner connects to its targets directly, through no proxy;"
						+ " remove 'header \"Proxy-Authorization\"'");
		assertTrue(issue.getMessage().contains("if the target itself checks this credential, send it with 'auth' or in a header of another"
				+ " name"), issue::getMessage);
		// a literal: the error, and no secret-looking warning beside it
		fixture.single(http("header \"Proxy-Authorization\" \"Basic YTpi\""), RequestHeaderValidator.BAD_HEADER, 5, "drops every Proxy-* header");
		fixture.single(http("header \"proxy-connection\" \"keep\""), RequestHeaderValidator.BAD_HEADER, 5,
				"remove 'header \"proxy-connection\"'");
		fixture.none(http("header \"Proxy\" \"1\""));
	}

	/** The runner's RequestHeaders refuses the same names at start (its HeadersTheClientSendsTest pins the same list). */
	@Test
	void theClientsOwnHeadersAreTheRunnersList() throws Exception {
		assertEquals(List.of("Connection", "Content-Length", "Expect", "Host", "Transfer-Encoding", "Upgrade"), RequestHeaderValidator.CLIENTS_OWN);
		for (String name : RequestHeaderValidator.CLIENTS_OWN) {
			fixture.single(http("header \"" + name.toUpperCase(java.util.Locale.ROOT) + "\" \"x\""), RequestHeaderValidator.BAD_HEADER, 5,
					"remove 'header \"" + name.toUpperCase(java.util.Locale.ROOT) + "\"'");
		}
		fixture.single(http("header \"Transfer-Encoding\" \"chunked\""), RequestHeaderValidator.BAD_HEADER, 5,
				"the runner's HTTP client frames the body itself, with Content-Length, and a Transfer-Encoding beside it would make the"
						+ " request malformed");
	}

	@Test
	void anEncodingWrittenWithOtherPunctuationIsTheSuggestion() throws Exception {
		Issue issue = fixture.single(file("latin-1"), FileEncodingValidator.UNKNOWN_ENCODING, 4,
				"'latin-1' is not an encoding Java knows; did you mean 'latin1' (ISO-8859-1)?");
		assertEquals(List.of("latin-1", "latin1"), List.of(issue.getData()));
		fixture.single(file("Latin_1"), FileEncodingValidator.UNKNOWN_ENCODING, 4, "did you mean 'latin1' (ISO-8859-1)?");
		fixture.single(file("utf 8"), FileEncodingValidator.UNKNOWN_ENCODING, 4, "did you mean 'UTF-8'?");
		fixture.single(file("windows 1252"), FileEncodingValidator.UNKNOWN_ENCODING, 4, "did you mean 'windows-1252'?");
		// no name matches so: the closest by edit distance, as before
		fixture.single(file("windows-1525"), FileEncodingValidator.UNKNOWN_ENCODING, 4, "did you mean 'windows-125");
	}

	@Test
	void anUnknownOrEmptyEncodingIsOneSentenceThenWhatToDo() throws Exception {
		assertEquals("the encoding has no name: write a charset name or alias, such as \"UTF-8\", \"ISO-8859-1\" or \"windows-1252\", or leave"
				+ " 'encoding' out for UTF-8", fixture.single(file(""), FileEncodingValidator.UNKNOWN_ENCODING, 4, "no name").getMessage());
		assertEquals("'klingon-8' is not an encoding Java knows: write a charset name or alias, such as \"UTF-8\", \"ISO-8859-1\" or"
				+ " \"windows-1252\", or leave 'encoding' out for UTF-8",
				fixture.single(file("klingon-8"), FileEncodingValidator.UNKNOWN_ENCODING, 4, "klingon").getMessage());
		assertTrue(fixture.single(file("windows1252"), FileEncodingValidator.UNKNOWN_ENCODING, 4, "did you mean").getMessage()
				.contains("did you mean 'windows-1252'? Write a charset name or alias"));
	}
}
