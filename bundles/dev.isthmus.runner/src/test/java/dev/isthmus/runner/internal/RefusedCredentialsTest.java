package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the runner says when a target refuses its credentials: the variables they come from (auth, a secret header, a
 * key in the URL's query or its user info), not those of the host or path; and which database errors are a login or
 * a right refused rather than the record's data.
 */
class RefusedCredentialsTest {

	private static JsonNode endpoint(String json) throws Exception {
		return new ObjectMapper().readTree(json);
	}

	@Test
	void namesTheVariablesTheCredentialsComeFromNotThoseOfTheHostOrPath() throws Exception {
		RefusedCredentials refused = new RefusedCredentials(endpoint("""
				{"transport": {"kind": "http", "url": "https://${env:USER}:${env:PASS}@${env:HOST}/${env:TENANT}/items?key=${env:KEY}"},
				 "auth": {"scheme": "bearer", "secret": {"env": "API_TOKEN"}},
				 "headers": [{"name": "X-Tenant-Token", "secret": {"env": "TENANT_TOKEN"}}, {"name": "X-Plain", "value": "v"}]}"""));
		assertEquals("the target refuses the runner's credentials: check API_TOKEN (its auth bearer), TENANT_TOKEN (its header"
				+ " X-Tenant-Token), USER (in its URL), PASS (in its URL), KEY (in its URL), then replay the dead letters", refused.advice(401));
		assertTrue(refused.advice(403).startsWith("the target refuses the runner's credentials for this request (forbidden): check API_TOKEN"),
				refused.advice(403));
		assertTrue(refused.advice(407).contains("a proxy between the runner and the target"), refused.advice(407));
	}

	@Test
	void anEndpointWithoutCredentialsIsToldToGetSome() throws Exception {
		RefusedCredentials refused = new RefusedCredentials(endpoint("""
				{"transport": {"kind": "http", "url": "https://${env:HOST}/items"}}"""));
		assertEquals("the target asks for credentials, and the endpoint sends none: give it its auth (auth bearer|basic|api-key env NAME),"
				+ " then replay the dead letters", refused.advice(401));
		assertFalse(refused.advice(403).contains("HOST"), refused.advice(403));
	}

	@Test
	void onlyCredentialStatusesAreTheTargets() {
		assertTrue(RefusedCredentials.refused(401) && RefusedCredentials.refused(403) && RefusedCredentials.refused(407));
		assertFalse(RefusedCredentials.refused(400) || RefusedCredentials.refused(404) || RefusedCredentials.refused(422));
	}

	@Test
	void aLoginOrARightRefusedIsTheDatabasesNotTheRecords() {
		assertTrue(RefusedCredentials.byDatabase(new SQLException("Wrong user name or password", "28000", 28000)));
		assertTrue(RefusedCredentials.byDatabase(new SQLException("password authentication failed", "28P01")));
		assertTrue(RefusedCredentials.byDatabase(new SQLException("permission denied for table archive", "42501")));
		assertTrue(RefusedCredentials.byDatabase(new SQLException("Not enough rights for object", "90096", 90096)));
		assertTrue(RefusedCredentials.byDatabase(new SQLException("INSERT command denied", "42000", 1142)));
		assertFalse(RefusedCredentials.byDatabase(new SQLException("syntax error", "42000", 1064)));
		assertFalse(RefusedCredentials.byDatabase(new SQLException("value too long", "22001")));
		assertFalse(RefusedCredentials.byDatabase(new SQLException("no state")));
	}
}
