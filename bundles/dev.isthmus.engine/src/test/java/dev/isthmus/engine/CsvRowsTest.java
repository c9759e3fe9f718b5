package dev.isthmus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An empty string and no value differ in CSV as PostgreSQL's COPY has them: {@code ""} is the empty string in a text
 * column, an unquoted empty cell no value. The engine read both as no value, so test blocks and the Studio's preview
 * disagreed with the runner's CSV source, which reads them apart.
 */
class CsvRowsTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void aQuotedEmptyCellIsTheEmptyStringInTextColumnsOnly() throws Exception {
		JsonNode shape = JSON.readTree("""
				{"properties": {"id": {"type": "string"}, "note": {"type": ["string", "null"]}, "n": {"type": "integer"},
				 "at": {"type": "string", "format": "date-time"}, "kind": {"enum": ["a", "b"]}}}""");
		CsvRows rows = new CsvRows(shape);
		List<String> header = rows.header("id,note,n,at,kind,extra");
		assertEquals("{\"id\":\"x\",\"note\":\"\",\"extra\":\"\"}", rows.row(header, "x,\"\",\"\",\"\",\"\",\"\"").record().toString());
		assertEquals("{\"id\":\"x\"}", rows.row(header, "x,,,,,").record().toString());
		assertEquals("{\"id\":\"\\\"\",\"note\":\"a,b\",\"n\":3}", rows.row(header, "\"\"\"\",\"a,b\",3,,,").record().toString());
		assertEquals(List.of("id", "", "n"), rows.header("id,,n"));
	}
}
