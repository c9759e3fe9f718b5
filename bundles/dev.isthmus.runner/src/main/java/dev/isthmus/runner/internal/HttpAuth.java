package dev.isthmus.runner.internal;

import java.net.http.HttpRequest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The header an http endpoint's {@code auth} sends and its value, made from the secret read from the environment
 * (the forms in which it goes out noted with the environment, so that an answer echoing them is scrubbed too).
 */
record HttpAuth(String header, String value) {

	static HttpAuth of(JsonNode endpoint, String secret, Environment environment) {
		JsonNode auth = endpoint.get("auth");
		String scheme = auth == null ? "" : auth.path("scheme").asText();
		switch (scheme) {
			case "bearer" -> {
				String value = "Bearer " + secret;
				environment.sentInHeader(value);
				return new HttpAuth("Authorization", value);
			}
			case "basic" -> {
				// its secret forms noted: an answer that echoes the header would show the credentials' base64
				return new HttpAuth("Authorization", environment.basicAuthorization(secret));
			}
			case "api-key" -> {
				return new HttpAuth(auth.path("header").asText("X-Api-Key"), secret);
			}
			default -> {
				return new HttpAuth(null, null);
			}
		}
	}

	void addTo(HttpRequest.Builder request) {
		if (header != null) {
			request.header(header, value);
		}
	}
}
