package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.Authentication;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.ExternalSystem;
import dev.isthmus.dsl.isthmus.FileTransport;
import dev.isthmus.dsl.isthmus.IslFile;
import dev.isthmus.dsl.isthmus.RequestHeader;

/**
 * A file transport's {@code encoding} and an endpoint's {@code header} options: where they go, and that the
 * {@code header} keyword an api-key auth already used keeps its meaning.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class EncodingAndHeaderParsingTest {

	@Inject
	private ParseHelper<IslFile> parser;

	private Endpoint endpoint(String declaration) throws Exception {
		IslFile file = parser.parse("package acme\nsystem S kind erp {\n    record R csv { id : string }\n    " + declaration + "\n}\n");
		assertEquals(List.of(), file.eResource().getErrors().stream().map(Object::toString).toList());
		return ((ExternalSystem) file.getElements().get(0)).getEndpoints().get(0);
	}

	@Test
	void anEncodingFollowsThePattern() throws Exception {
		FileTransport file = (FileTransport) endpoint("endpoint e file \"inbox/erp\" pattern \"*.csv\" encoding \"windows-1252\" receives R")
				.getTransport();
		assertEquals("*.csv", file.getPattern());
		assertEquals("windows-1252", file.getEncoding());
		assertEquals("latin1", ((FileTransport) endpoint("endpoint e file \"inbox\" encoding \"latin1\" receives R").getTransport()).getEncoding());
		assertNull(((FileTransport) endpoint("endpoint e file \"inbox\" receives R").getTransport()).getEncoding());
	}

	@Test
	void headersAreRepeatableOptionsInAnyOrder() throws Exception {
		Endpoint e = endpoint("endpoint ledger http post \"${env:LEDGER_URL}/entries\" sends R header \"Stripe-Version\" \"2024-06-20\""
				+ " header \"X-Tenant-Token\" env TENANT_TOKEN auth bearer env LEDGER_TOKEN timeout 5s header \"X-After\" \"a\"");
		List<RequestHeader> headers = e.getOptions().stream().filter(RequestHeader.class::isInstance).map(RequestHeader.class::cast).toList();
		assertEquals(List.of("Stripe-Version", "X-Tenant-Token", "X-After"), headers.stream().map(RequestHeader::getHeader).toList());
		assertEquals("2024-06-20", headers.get(0).getValue());
		assertEquals("TENANT_TOKEN", headers.get(1).getVariable());
		assertNull(headers.get(1).getValue());
		assertEquals(5, e.getOptions().size());
	}

	@Test
	void anApiKeyAuthsOwnHeaderComesBeforeItsSecret() throws Exception {
		Endpoint e = endpoint("endpoint e http post \"https://x.example\" sends R auth api-key header \"X-Api-Key\" env KEY");
		assertEquals(1, e.getOptions().size());
		Authentication auth = (Authentication) e.getOptions().get(0);
		assertEquals("X-Api-Key", auth.getHeader());
		assertEquals("KEY", auth.getSecret().getVariable());

		e = endpoint("endpoint e http post \"https://x.example\" sends R auth api-key header \"X-Api-Key\" env KEY header \"X-Tenant\" env TENANT");
		assertEquals(2, e.getOptions().size());
		assertEquals("X-Api-Key", ((Authentication) e.getOptions().get(0)).getHeader());
		assertEquals("X-Tenant", ((RequestHeader) e.getOptions().get(1)).getHeader());
		assertEquals("TENANT", ((RequestHeader) e.getOptions().get(1)).getVariable());
	}

	@Test
	void encodingStaysUsableAsAName() throws Exception {
		IslFile file = parser.parse("package acme\nsystem S kind erp {\n    record R csv { encoding : string }\n}\n"
				+ "model M { encoding : String }\nmapping X : S.R -> M { encoding <- encoding }\n");
		assertTrue(file.eResource().getErrors().isEmpty(), file.eResource().getErrors()::toString);
	}
}
