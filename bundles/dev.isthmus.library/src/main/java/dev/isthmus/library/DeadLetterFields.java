package dev.isthmus.library;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a dead letter says when a flow's {@code dead-letter into Endpoint} sends it there: the fields its endpoint's
 * record may declare, each with the kinds of record field it goes into and whether every dead letter has it. The
 * endpoint's record picks the fields it wants (a record lists only what the integration reads, as everywhere); the
 * language's validator checks them against this list and the runner fills them from it, so the two cannot part.
 * (Named apart from the language's keywords — flow, kind, endpoint, record — so that a record declares them as written.)
 */
public final class DeadLetterFields {

	/** A record field's kind, as {@code record … { name : kind }} writes it. */
	public enum Kind {
		STRING("string"), INTEGER("integer"), TIMESTAMP("timestamp"), OBJECT("{ }");

		public final String written;

		Kind(String written) {
			this.written = written;
		}
	}

	/**
	 * A field of a dead letter, and the kinds of field it goes into (the first the one to suggest). {@code always}: the kinds as which every dead letter has it, so that the endpoint's
	 * record may declare it required; as any other of its {@code kinds}, only as optional ({@code name : string?}).
	 */
	public record Field(String name, List<Kind> kinds, List<Kind> always, String meaning) {

		Field(String name, List<Kind> kinds, boolean always, String meaning) {
			this(name, kinds, always ? kinds : List.of(), meaning);
		}

		/** The kinds it may be declared as, as written, the first the one to suggest: {@code timestamp or string}. */
		public String kindsWritten() {
			return kinds.stream().map(k -> k.written).collect(Collectors.joining(" or "));
		}
	}

	public static final List<Field> ALL = List.of(
			new Field("deadLetterId", List.of(Kind.INTEGER), true,
					"the dead letter's id in the runner's journal, which isthmus dlq show, replay and discard take"),
			new Field("flowName", List.of(Kind.STRING), true, "the flow's qualified name"),
			new Field("letterKind", List.of(Kind.STRING), true, "record (it failed in its flow), delivery (a target refused it, or its retries"
					+ " ran out) or group (an aggregate's result failed)"),
			new Field("step", List.of(Kind.STRING), true, "the step it failed at: read …, from …, map Mapping, validate Model, aggregate,"
					+ " deliver -> System.endpoint"),
			new Field("reason", List.of(Kind.STRING), true, "why, in words"),
			new Field("correlationId", List.of(Kind.STRING), true, "the record's correlation id, which isthmus trace takes"),
			new Field("deadLetteredAt", List.of(Kind.TIMESTAMP, Kind.STRING), true, "when it became a dead letter"),
			new Field("attempts", List.of(Kind.INTEGER), true, "the delivery attempts made; 0 for a record that failed in its flow"),
			new Field("origin", List.of(Kind.STRING), false, "where the record came from: a file and its line, a webhook request, a table row"),
			new Field("source", List.of(Kind.STRING), true, "the endpoint the flow reads its records from"),
			new Field("target", List.of(Kind.STRING), false, "the target a delivery was for"),
			new Field("details", List.of(Kind.STRING), false, "what the target answered, for a delivery; the record's trace through the"
					+ " flow's steps (JSON text), for a record or group"),
			new Field("payload", List.of(Kind.STRING, Kind.OBJECT), List.of(Kind.STRING), "the record as the dead letter keeps it: its text (string), or the"
					+ " JSON object itself ({ }, missing when it is no JSON object: a line that could not be read, or a group's records, a"
					+ " JSON array)"));

	private DeadLetterFields() {
	}

	/** The field called {@code name}, or {@code null}. */
	public static Field named(String name) {
		for (Field field : ALL) {
			if (field.name().equals(name)) {
				return field;
			}
		}
		return null;
	}

	/** The fields' names, comma-separated, in the order of {@link #ALL}. */
	public static String names() {
		return ALL.stream().map(Field::name).collect(Collectors.joining(", "));
	}
}
