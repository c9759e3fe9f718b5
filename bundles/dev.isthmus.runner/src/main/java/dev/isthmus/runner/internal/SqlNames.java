package dev.isthmus.runner.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Table and column names as the runner writes them into SQL: quoted, so that a name which is also a keyword
 * ({@code WINDOW}, {@code HOUR}) is a name. A name given by the configuration is first folded to the case the database
 * gives unquoted names (upper for H2, lower for PostgreSQL), so that it still names the table that the same name
 * unquoted did; a column name read from the table's own metadata is quoted as it is. Quotes inside a name are
 * doubled: no name can end its quotes.
 */
final class SqlNames {

	private final String quote;
	private final boolean upper;
	private final boolean lower;

	SqlNames(DatabaseMetaData meta) throws SQLException {
		String q = meta.getIdentifierQuoteString();
		this.quote = q == null || q.isBlank() ? "" : q.strip();
		this.upper = meta.storesUpperCaseIdentifiers();
		this.lower = !upper && meta.storesLowerCaseIdentifiers();
	}

	/** A name of the configuration (a table, {@code SCHEMA.TABLE}, a column) as the database keeps it unquoted. */
	String folded(String name) {
		return upper ? name.toUpperCase(Locale.ROOT) : lower ? name.toLowerCase(Locale.ROOT) : name;
	}

	/** A table of the configuration, each part of {@code SCHEMA.TABLE} folded and quoted. */
	String table(String name) {
		StringBuilder out = new StringBuilder();
		for (String part : name.split("\\.", -1)) {
			out.append(out.isEmpty() ? "" : ".").append(quoted(folded(part)));
		}
		return out.toString();
	}

	/** A name quoted exactly as given (a column as the table's metadata names it, or one already folded). */
	String quoted(String name) {
		return quote.isEmpty() ? name : quote + name.replace(quote, quote + quote) + quote;
	}
}
