package dev.isthmus.generator.internal;

import java.nio.charset.Charset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.dsl.isthmus.Authentication;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.EndpointOption;
import dev.isthmus.dsl.isthmus.FileTransport;
import dev.isthmus.dsl.isthmus.HttpTransport;
import dev.isthmus.dsl.isthmus.JdbcTransport;
import dev.isthmus.dsl.isthmus.RateLimit;
import dev.isthmus.dsl.isthmus.RequestHeader;
import dev.isthmus.dsl.isthmus.SecretRef;
import dev.isthmus.dsl.isthmus.Signature;
import dev.isthmus.dsl.isthmus.Timeout;
import dev.isthmus.dsl.isthmus.WebhookTransport;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.library.Durations;

/**
 * Endpoints as a runner needs them. A secret is only ever an environment reference {@code {"env": "NAME"}}: a
 * secret written as a literal in the model (which the validator warns about) is left out, never copied.
 */
final class EndpointTrees {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private EndpointTrees() {
	}

	static ObjectNode of(Endpoint endpoint) {
		ObjectNode node = JSON.objectNode();
		node.put("direction", endpoint.getDirection().getLiteral());
		if (endpoint.getRecord() != null) {
			node.put("record", ProjectIndex.qualifiedName(endpoint.getRecord()));
			node.put("format", endpoint.getRecord().getFormat().getLiteral());
		}
		ObjectNode transport = node.putObject("transport");
		switch (endpoint.getTransport()) {
			case WebhookTransport w -> transport.put("kind", "webhook").put("path", w.getPath());
			case HttpTransport h -> transport.put("kind", "http").put("method", h.getMethod().getLiteral().toUpperCase(java.util.Locale.ROOT))
					.put("url", h.getUrl());
			case FileTransport f -> {
				transport.put("kind", "file").put("directory", f.getDirectory());
				if (f.getPattern() != null) {
					transport.put("pattern", f.getPattern());
				}
				if (f.getEncoding() != null) {
					transport.put("encoding", canonicalEncoding(f.getEncoding()));
				}
			}
			case JdbcTransport j -> {
				transport.put("kind", "jdbc");
				if (j.isEmbedded()) {
					transport.put("embedded", true);
				} else if (j.getUrl() != null && j.getUrl().getLiteral() != null) {
					// A URL written in the model, its password a ${env:…} reference the runner fills (validate warns of a
					// password written out); left out, the runner took the endpoint for the embedded database.
					transport.put("url", j.getUrl().getLiteral());
				} else {
					secret(transport, "url", j.getUrl());
				}
				if (j.getTable() != null) {
					transport.put("table", j.getTable());
				}
				if (j.getQuery() != null) {
					transport.put("query", j.getQuery());
				}
				j.getKeyColumns().forEach(transport.putArray("keyColumns")::add);
			}
			default -> {
			}
		}
		for (EndpointOption option : endpoint.getOptions()) {
			switch (option) {
				case Signature s when s.isUnsigned() -> {
					// unsigned on purpose: the runner checks nothing, as for a webhook that names no signature
				}
				case Signature s -> {
					ObjectNode signature = node.putObject("signature");
					signature.put("scheme", s.getScheme().getLiteral()).put("header", s.getHeader());
					if (s.getTimestampHeader() != null) {
						signature.put("timestamp", s.getTimestampHeader()).put("signs", s.getSigns());
					}
					secret(signature, "secret", s.getSecret());
					if (s.getTolerance() != null) {
						signature.put("tolerance", Durations.parse(s.getTolerance()).toString());
					}
				}
				case Authentication a -> {
					ObjectNode auth = node.putObject("auth");
					auth.put("scheme", a.getScheme().getLiteral());
					if (a.getHeader() != null) {
						auth.put("header", a.getHeader());
					}
					secret(auth, "secret", a.getSecret());
				}
				case RateLimit r -> node.putObject("rate").put("count", Integer.parseInt(r.getCount()))
						.put("per", Durations.parse(r.getWindow()).toString());
				case Timeout t -> node.put("timeout", Durations.parse(t.getDuration()).toString());
				case dev.isthmus.dsl.isthmus.AnswerCache c -> node.put("cache", Durations.parse(c.getDuration()).toString());
				case dev.isthmus.dsl.isthmus.Concurrency c -> node.put("concurrency", Integer.parseInt(c.getCount()));
				case RequestHeader h -> {
					ObjectNode header = (node.has("headers") ? (ArrayNode) node.get("headers") : node.putArray("headers")).addObject();
					header.put("name", h.getHeader());
					if (h.getVariable() != null) {
						header.putObject("secret").put("env", h.getVariable());
					} else {
						header.put("value", h.getValue());
					}
				}
				default -> {
				}
			}
		}
		return node;
	}

	/**
	 * The endpoint's encoding as Java's canonical charset name ("latin1" is "ISO-8859-1"), so that every runner reads
	 * one spelling; null when the endpoint names none (UTF-8). A name Java does not know is an error of the validator,
	 * which runs before the generator; it is kept as written rather than guessed.
	 */
	static String encodingOf(Endpoint endpoint) {
		return endpoint != null && endpoint.getTransport() instanceof FileTransport f && f.getEncoding() != null
				? canonicalEncoding(f.getEncoding())
				: null;
	}

	private static String canonicalEncoding(String name) {
		try {
			return Charset.forName(name).name();
		} catch (IllegalArgumentException unknown) {
			return name;
		}
	}

	private static void secret(ObjectNode node, String field, SecretRef secret) {
		if (secret != null && secret.getVariable() != null) {
			node.putObject(field).put("env", secret.getVariable());
		}
	}
}
