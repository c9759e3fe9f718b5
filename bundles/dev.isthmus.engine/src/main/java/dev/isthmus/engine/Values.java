package dev.isthmus.engine;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.engine.internal.SchemaNodes;

/**
 * Between JSON and engine values, guided by the generated JSON Schema of the shape: integers become longs,
 * numbers exact decimals, {@code date} and {@code date-time} strings become dates and instants. What does not fit
 * stays as it came and is caught by validation or by the expression that reads it. Fields the shape does not
 * declare are left out (the rest keep the shape's order), except inside an empty shape <code>{ }</code>, which is carried whole.
 */
public final class Values {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	/** The most decimal places, or the largest exponent, of a decimal the runtime carries (Jackson writes no more). */
	public static final int CARRIED_SCALE = 9_999;

	private Values() {
	}

	/** @param schemas a schema by its file name ({@code acme.revenue.Invoice.schema.json}), for {@code $ref} */
	public static Object fromJson(JsonNode value, JsonNode schema, Function<String, JsonNode> schemas) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return null;
		}
		JsonNode s = SchemaNodes.resolve(schema, schemas);
		if (value.isObject()) {
			Map<String, Object> object = new LinkedHashMap<>();
			JsonNode properties = s == null ? null : s.get("properties");
			if (properties != null && properties.isEmpty()) {
				properties = null; // an empty shape `{ }` is opaque: carried whole for a later `select`
			}
			if (properties == null) {
				for (Map.Entry<String, JsonNode> f : value.properties()) {
					object.put(f.getKey(), fromJson(f.getValue(), null, schemas));
				}
			} else {
				// Declared fields only, in declared order: no rule can name another (the language is typed), so a
				// wide payload such as a Stripe event costs only what its declared fields cost.
				for (Map.Entry<String, JsonNode> p : properties.properties()) {
					JsonNode field = value.get(p.getKey());
					if (field != null) {
						object.put(p.getKey(), fromJson(field, p.getValue(), schemas));
					}
				}
			}
			return object;
		}
		if (value.isArray()) {
			List<Object> list = new ArrayList<>();
			value.forEach(e -> list.add(fromJson(e, s == null ? null : s.get("items"), schemas)));
			return list;
		}
		if (value.isIntegralNumber() && !"number".equals(SchemaNodes.type(s))) {
			return value.asLong();
		}
		if (value.isNumber() && "integer".equals(SchemaNodes.type(s)) && Double.isFinite(value.doubleValue())) {
			try {
				return value.decimalValue().longValueExact(); // 5.0 or a DECIMAL column's 5 for an integer field
			} catch (ArithmeticException e) {
				// not integral or out of range: refused at the source by DeclaredTypes; kept as it is otherwise
			}
		}
		if (value.isNumber()) {
			BigDecimal d = value.decimalValue();
			if (d.scale() > CARRIED_SCALE || d.scale() < -CARRIED_SCALE) {
				// JSON writes a decimal out in full (1e10000 as a 1 and 10,000 zeros), which Jackson refuses past this:
				// taken, such a record failed where it was written (its trace, its delivery) and stopped its flow.
				String shown = d.toString();
				throw new RecordError("the record", "holds a number past what the runtime can write out in full (an exponent"
						+ " beyond ±" + CARRIED_SCALE + ")", shown.length() > 40 ? shown.substring(0, 20) + "…" + shown.substring(shown.length() - 12) : shown);
			}
			return d;
		}
		if (value.isBoolean()) {
			return value.asBoolean();
		}
		String text = value.asText();
		String format = s == null ? "" : s.path("format").asText("");
		try {
			return switch (format) {
				case "date-time" -> instant(text);
				case "date" -> LocalDate.parse(text);
				case "duration" -> Duration.parse(text);
				default -> text;
			};
		} catch (java.time.format.DateTimeParseException e) {
			return text; // left for validation to report with its place
		}
	}

	/**
	 * An ISO-8601 instant, as {@link Instant#parse} reads it. The form this runtime writes and most systems send,
	 * {@code 2026-11-01T09:30:00Z}, is read directly: it is on every record's way in, and the general parser takes
	 * several times as long. Anything else goes to {@link Instant#parse}.
	 */
	public static Instant instant(String text) {
		if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T' && text.charAt(13) == ':'
				&& text.charAt(16) == ':' && text.charAt(19) == 'Z') {
			int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
			int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
			if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
					&& second >= 0 && second < 60 && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
				return java.time.LocalDateTime.of(year, month, day, hour, minute, second).toInstant(java.time.ZoneOffset.UTC);
			}
		}
		return Instant.parse(text);
	}

	/**
	 * An instant as {@link Instant#toString} writes it ({@code 2026-11-01T09:30:00Z}, a fraction in groups of three
	 * digits when there is one). Years 1000 to 9999 are written directly: instants are in most records the runner
	 * journals, and the general formatter takes several times as long. Other years go to {@link Instant#toString}.
	 */
	public static String text(Instant instant) {
		long seconds = instant.getEpochSecond();
		long days = Math.floorDiv(seconds, 86_400);
		int secondOfDay = (int) Math.floorMod(seconds, 86_400);
		if (days < FIRST_FAST_DAY || days > LAST_FAST_DAY) {
			return instant.toString();
		}
		java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
		int nano = instant.getNano();
		int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
		byte[] text = new byte[fraction == 0 ? 20 : 21 + fraction];
		put(text, 0, date.getYear(), 4);
		text[4] = '-';
		put(text, 5, date.getMonthValue(), 2);
		text[7] = '-';
		put(text, 8, date.getDayOfMonth(), 2);
		text[10] = 'T';
		put(text, 11, secondOfDay / 3600, 2);
		text[13] = ':';
		put(text, 14, secondOfDay / 60 % 60, 2);
		text[16] = ':';
		put(text, 17, secondOfDay % 60, 2);
		if (fraction > 0) {
			text[19] = '.';
			put(text, 20, fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1_000 : nano, fraction);
		}
		text[text.length - 1] = 'Z';
		return new String(text, java.nio.charset.StandardCharsets.US_ASCII);
	}

	private static final long FIRST_FAST_DAY = java.time.LocalDate.of(1000, 1, 1).toEpochDay();
	private static final long LAST_FAST_DAY = java.time.LocalDate.of(9999, 12, 31).toEpochDay();

	/** Writes {@code n} as {@code length} decimal digits, zero-padded, at {@code at}. */
	private static void put(byte[] text, int at, int n, int length) {
		for (int i = at + length - 1; i >= at; i--) {
			text[i] = (byte) ('0' + n % 10);
			n /= 10;
		}
	}

	/** The number written by {@code length} ASCII digits at {@code from}, or -1. */
	private static int digits(String text, int from, int length) {
		int n = 0;
		for (int i = from; i < from + length; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			n = n * 10 + (c - '0');
		}
		return n;
	}

	/**
	 * Writes a value as {@link #toJson} would give it, straight to a generator: for the runner's journal texts,
	 * written per record, where building the tree first cost more than writing it.
	 */
	public static void write(Object value, JsonGenerator out) throws IOException {
		// An instanceof chain, commonest first, rather than a pattern switch: this runs for every field of every
		// record a trace or a held row writes, and the switch's type dispatch showed in the runner's profile.
		if (value instanceof String s) {
			out.writeString(s);
		} else if (value instanceof Long l) {
			out.writeNumber(l);
		} else if (value instanceof Instant i) {
			out.writeString(text(i));
		} else if (value instanceof Map<?, ?> map) {
			out.writeStartObject();
			for (Map.Entry<?, ?> e : map.entrySet()) {
				out.writeFieldName(String.valueOf(e.getKey()));
				write(e.getValue(), out);
			}
			out.writeEndObject();
		} else if (value == null) {
			out.writeNull();
		} else if (value instanceof List<?> list) {
			out.writeStartArray();
			for (Object e : list) {
				write(e, out);
			}
			out.writeEndArray();
		} else if (value instanceof Integer i) {
			out.writeNumber(i.longValue());
		} else if (value instanceof BigDecimal d) {
			out.writeNumber(d);
		} else if (value instanceof Boolean b) {
			out.writeBoolean(b);
		} else {
			out.writeString(value.toString());
		}
	}

	/** An engine value as JSON: decimals as numbers, instants and dates as ISO text. */
	public static JsonNode toJson(Object value) {
		return switch (value) {
			case null -> JSON.nullNode();
			case Map<?, ?> map -> {
				ObjectNode object = JSON.objectNode();
				map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
				yield object;
			}
			case List<?> list -> {
				ArrayNode array = JSON.arrayNode();
				list.forEach(e -> array.add(toJson(e)));
				yield array;
			}
			case Long l -> JSON.numberNode(l);
			case Integer i -> JSON.numberNode(i.longValue());
			case BigDecimal d -> JSON.numberNode(d);
			case Boolean b -> JSON.booleanNode(b);
			case Instant i -> JSON.textNode(text(i));
			default -> JSON.textNode(value.toString());
		};
	}
}
