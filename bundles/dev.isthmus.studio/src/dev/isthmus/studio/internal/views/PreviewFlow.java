package dev.isthmus.studio.internal.views;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The flow whose configuration a preview runs a mapping on, and the encoding the sample is read in. A sample is a
 * file of the records the mapping maps; when those are the records a flow's source endpoint reads, the sample is
 * most likely one of that endpoint's files, and a file endpoint's files are in its {@code encoding} — so the preview
 * reads it so, as the runner, {@code --feed} and {@code isthmus test} do, rather than show a windows-1252 "é" as bytes
 * that are not UTF-8. Anything else is UTF-8. {@link #reading} says which, and why, for the view to show.
 *
 * @param config   the flow's generated configuration
 * @param encoding the sample's charset as the generator names it, or {@code null} for UTF-8
 * @param reading  how the sample is read and why, e.g. "read as windows-1252, the encoding of endpoint …"
 */
record PreviewFlow(ObjectNode config, String encoding, String reading) {

	private static final String UTF_8 = "UTF-8";

	/**
	 * Of the flows that use {@code mapping}, the first by name whose source endpoint reads the mapping's source
	 * record; else the first by name (the mapping then maps records a step made, read from no file: UTF-8).
	 *
	 * @param flows  the configurations of the flows that use the mapping, by qualified name; not empty
	 * @param source the mapping's source shape
	 */
	static PreviewFlow choose(String mapping, String source, List<ObjectNode> flows) {
		List<ObjectNode> readers = flows.stream().filter(flow -> source.equals(sourceEndpoint(flow).path("record").asText())).toList();
		if (readers.isEmpty()) {
			return new PreviewFlow(flows.get(0), null, "read as UTF-8: no flow that uses mapping " + mapping
					+ " reads its source " + source + " from its source endpoint");
		}
		ObjectNode chosen = readers.get(0);
		String encoding = encoding(chosen);
		JsonNode transport = sourceEndpoint(chosen).path("transport");
		String where = "endpoint " + chosen.path("source").path("endpoint").asText() + ", the source of flow " + name(chosen);
		StringBuilder reading = new StringBuilder(encoding != null ? "read as " + encoding + ", the encoding of " + where
				: transport.path("kind").asText().equals("file") ? "read as UTF-8: " + where + ", names no encoding"
						: "read as UTF-8: " + where + ", is a " + transport.path("kind").asText()
								+ " endpoint (only a file endpoint names an encoding)");
		// Flows that read the same records in another encoding: the choice is by name, and said, never silent.
		List<String> others = readers.stream().skip(1).filter(flow -> !charset(flow).equals(charset(chosen)))
				.map(flow -> "flow " + name(flow) + " as " + charset(flow)).toList();
		if (!others.isEmpty()) {
			reading.append(" (of the flows that use mapping ").append(mapping).append(" on the records of their source,")
					.append(" the first by name; ").append(others.get(0).replaceFirst(" as ", " reads them as "));
			others.stream().skip(1).forEach(other -> reading.append(", ").append(other));
			reading.append(")");
		}
		return new PreviewFlow(chosen, encoding, reading.toString());
	}

	private static JsonNode sourceEndpoint(ObjectNode flow) {
		return flow.path("endpoints").path(flow.path("source").path("endpoint").asText());
	}

	/** The source endpoint's encoding: only a file endpoint has one, canonical as the generator wrote it. */
	private static String encoding(ObjectNode flow) {
		JsonNode transport = sourceEndpoint(flow).path("transport");
		return transport.path("kind").asText().equals("file") ? transport.path("encoding").asText(null) : null;
	}

	private static String charset(ObjectNode flow) {
		String encoding = encoding(flow);
		return encoding == null ? UTF_8 : encoding;
	}

	private static String name(ObjectNode flow) {
		return flow.path("flow").asText();
	}
}
