package dev.isthmus.runner.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A record (JSON, as the outbox holds it) as an {@code application/x-www-form-urlencoded} body, the way Stripe's API
 * (and Rack, Rails, PHP) reads nested parameters: {@code name=value} at the top, {@code a[b][c]=v} in objects,
 * {@code a[0]=v} and {@code a[0][k]=v} in lists (indexed, as Stripe's own libraries send them). A value is its JSON
 * text: numbers exactly as written ({@code 10.50} stays {@code 10.50}; an exponent is written out, since a form
 * reader takes the digits as they come), {@code true}/{@code false}, strings as they are. A null, and an empty object
 * or list, sends nothing (a form has no null: an empty value would tell Stripe to clear the field); a null in a list
 * leaves its index out and the others keep theirs. Field order is the record's.
 * <p>
 * Names and values are UTF-8, percent-encoded, a space as {@code +}; the brackets that nest a name are written as
 * they are (as Stripe's libraries and {@code curl -d "payload[value]=25"} send them), a bracket inside a field's own
 * name is encoded, which a form reader decodes to the same. Read with the JSON parser's own tokens, not a tree, so
 * that no number goes through a {@code double}.
 */
final class FormBody {

	/** What the runner says the body is, unless the endpoint names its own Content-Type. */
	static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

	private static final JsonFactory JSON = new JsonFactory();

	private FormBody() {
	}

	/** The record's form body; fails when the record is not one JSON object (which a form's names need). */
	static String of(String record) throws IOException {
		try (JsonParser parser = JSON.createParser(record)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IOException("the record is not a JSON object, and a form sends named fields");
			}
			StringBuilder body = new StringBuilder();
			value(parser, null, body);
			if (parser.nextToken() != null) {
				throw new IOException("the record holds more than one JSON value");
			}
			return body.toString();
		}
	}

	/** Writes the value at the parser's current token, under {@code name} (already encoded; null at the top). */
	private static void value(JsonParser parser, String name, StringBuilder body) throws IOException {
		JsonToken token = parser.currentToken();
		switch (token) {
			case START_OBJECT -> {
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String field = encode(parser.currentName());
					parser.nextToken();
					value(parser, name == null ? field : name + "[" + field + "]", body);
				}
			}
			case START_ARRAY -> {
				int index = 0;
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					value(parser, name + "[" + index++ + "]", body);
				}
			}
			case VALUE_NULL -> {
				// left out: a form has no null, and "name=" would be an empty string (to Stripe: clear the field)
			}
			case VALUE_TRUE, VALUE_FALSE, VALUE_STRING, VALUE_NUMBER_INT -> pair(name, parser.getText(), body);
			case VALUE_NUMBER_FLOAT -> {
				String text = parser.getText();
				pair(name, text.indexOf('e') < 0 && text.indexOf('E') < 0 ? text : new BigDecimal(text).toPlainString(), body);
			}
			default -> throw new IOException("unexpected " + token + " in the record");
		}
	}

	private static void pair(String name, String value, StringBuilder body) {
		if (!body.isEmpty()) {
			body.append('&');
		}
		body.append(name).append('=').append(encode(value));
	}

	/** UTF-8, percent-encoded, space as {@code +}: what {@link URLEncoder} writes for a form. */
	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}
}
