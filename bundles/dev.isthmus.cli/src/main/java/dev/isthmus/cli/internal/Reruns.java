package dev.isthmus.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.DeadLetters.DeadLetter;

/**
 * What {@code dlq replay} says of deliveries beyond its count: with {@code --rerun}, the letters whose record could
 * not go through the flow again and why, and those whose record went with another's; without it, that it exists —
 * a plain replay of a delivery sends the record as the flow mapped it then, which after a corrected mapping is
 * rarely what the user wants, and nothing else would tell them.
 */
final class Reruns {

	private Reruns() {
	}

	static void report(List<DeadLetter> selected, DeadLetters.Replayed replayed, boolean rerun, PrintStream out) {
		for (Map.Entry<Long, String> refused : replayed.refused().entrySet()) {
			out.println("  dead letter " + refused.getKey() + " was left as it is: " + (rerun ? "--rerun cannot send its record through the flow again: "
					: "") + DeadLetters.printable(refused.getValue()));
		}
		for (Map.Entry<Long, Long> same : replayed.sameRecord().entrySet()) {
			out.println("  dead letter " + same.getKey() + " is a delivery of the same record as dead letter " + same.getValue()
					+ ": the record went through the flow once, for both");
		}
		if (!rerun && selected.stream().anyMatch(d -> "DEAD".equals(d.state()) && "delivery".equals(d.kind()) && !replayed.refused().containsKey(d.id()))) {
			out.println("hint: a delivery replayed sends the record as the flow mapped it then; 'isthmus dlq replay <ids> --rerun'"
					+ " sends the record through the flow as configured now (e.g. after a corrected mapping)");
		}
	}
}
