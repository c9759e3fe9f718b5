package dev.isthmus.runner.internal;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Table and column names as the runner writes them into SQL: quoted, so that a name which is also a keyword
 * ({@code WINDOW}, {@code HOUR}) is a name. A table of the configuration is looked up as the database keeps the name
 * unquoted (upper case for H2, lower for PostgreSQL), so that it names the table the same name unquoted did, and
 * then exactly as written, so that a table created quoted in mixed case ({@code "MixedCase"}) is reached too; a name
 * that finds two tables differing in case is refused, naming both. A column name read from the table's own metadata
 * is quoted as it is. Quotes inside a name are doubled: no name can end its quotes.
 */
final class SqlNames {

	/**
	 * A plain SQL name: what the runner takes as a table (before and after the '.' of {@code SCHEMA.TABLE}) or a key
	 * column; anything else in a name is more likely a mistake than a name. The DSL's validator refuses the same
	 * (dev.isthmus.dsl.validation.SqlNameValidator.PLAIN; the DSL cannot depend on the runner), and a test on each side
	 * pins this text.
	 */
	static final String PLAIN = "[A-Za-z_][A-Za-z0-9_]*";
	static final Pattern PLAIN_TABLE = Pattern.compile(PLAIN + "(\\." + PLAIN + ")?");
	static final Pattern PLAIN_COLUMN = Pattern.compile(PLAIN);

	/** What a plain name is, as the errors say it. */
	static final String PLAIN_SAID = "letters A-Z or a-z, digits and '_', not starting with a digit";

	/** Tables looked through for near names, at most (a database can have very many). */
	private static final int SCANNED = 10_000;

	private final DatabaseMetaData meta;
	private final String quote;
	private final boolean upper;
	private final boolean lower;

	SqlNames(DatabaseMetaData meta) throws SQLException {
		this.meta = meta;
		String q = meta.getIdentifierQuoteString();
		this.quote = q == null || q.isBlank() ? "" : q.strip();
		this.upper = meta.storesUpperCaseIdentifiers();
		this.lower = !upper && meta.storesLowerCaseIdentifiers();
	}

	/** What is wrong with a table name of the configuration, and what to do; {@code null} for a plain one. */
	static String tableProblem(String table) {
		if (table != null && PLAIN_TABLE.matcher(table).matches()) {
			return null;
		}
		return "table \"" + table + "\" is not a plain SQL name: the runner names a table by " + PLAIN_SAID + ", with its schema"
				+ " before a '.' if needed (table \"orders\", table \"sales.orders\"); name the table so, or create a view of such a"
				+ " name over it";
	}

	/** A name of the configuration (a table, {@code SCHEMA.TABLE}, a column) as the database keeps it unquoted. */
	String folded(String name) {
		return upper ? name.toUpperCase(Locale.ROOT) : lower ? name.toLowerCase(Locale.ROOT) : name;
	}

	/**
	 * A table of the configuration as the database has it, quoted; refused in words when the database has none
	 * of that name, or two differing in case only.
	 */
	String table(String name) throws SQLException {
		String[] found = lookup(name);
		if (found == null) {
			throw new SQLException(notFound(name) + "; create it, or point the endpoint at a table that is there");
		}
		return (found[0] == null ? "" : quoted(found[0]) + ".") + quoted(found[1]);
	}

	/** A table the runner creates, each part of {@code SCHEMA.TABLE} folded and quoted: as an unquoted name would be. */
	String created(String name) {
		StringBuilder out = new StringBuilder();
		for (String part : name.split("\\.", -1)) {
			out.append(out.isEmpty() ? "" : ".").append(quoted(folded(part)));
		}
		return out.toString();
	}

	/**
	 * The table of the configuration's name, as the database keeps its schema (when the name has one) and name;
	 * {@code null} when there is none. The name is tried as the database folds it, then as written; in the
	 * connection's schema first, for a name without one (an unquoted name finds a table there first).
	 */
	String[] lookup(String name) throws SQLException {
		int dot = name.indexOf('.');
		String schema = dot < 0 ? null : name.substring(0, dot);
		String table = name.substring(dot + 1);
		List<String> schemas = new ArrayList<>();
		if (schema == null) {
			schemas.add(currentSchema());
			schemas.add(null);
		} else {
			schemas.addAll(tried(schema));
		}
		for (String inSchema : schemas) {
			Set<String> tables = new LinkedHashSet<>();
			Set<String> inSchemas = new LinkedHashSet<>();
			for (String candidate : tried(table)) {
				try (ResultSet r = meta.getTables(null, inSchema == null ? null : escaped(inSchema), escaped(candidate), null)) {
					while (r.next()) {
						String found = r.getString("TABLE_NAME");
						String foundSchema = r.getString("TABLE_SCHEM");
						if (found.equals(candidate) && (inSchema == null ? !system(foundSchema) : inSchema.equals(foundSchema))) {
							tables.add(found);
							inSchemas.add(foundSchema);
						}
					}
				}
			}
			if (tables.size() > 1) {
				throw new SQLException("table \"" + name + "\" names " + tables.size() + " tables that differ in case only, "
						+ String.join(" and ", tables) + (inSchema == null ? "" : " (in " + inSchema + ")") + ": the runner looks a name up as"
						+ " the database keeps it unquoted (" + folded(table) + "), then as written, and both are there; rename one of them,"
						+ " or point the endpoint at a view of a name of its own");
			}
			if (tables.size() == 1) {
				return new String[] { schema == null ? null : inSchemas.iterator().next(), tables.iterator().next() };
			}
		}
		return null;
	}

	/**
	 * Says that the database has no table of the name, the names tried and the database's tables of a near name;
	 * the caller adds what to do.
	 */
	String notFound(String name) throws SQLException {
		int dot = name.indexOf('.');
		String table = name.substring(dot + 1);
		String schema = dot < 0 ? null : name.substring(0, dot);
		List<String> tried = new ArrayList<>();
		for (String s : schema == null ? java.util.Collections.<String>singletonList(null) : tried(schema)) {
			for (String t : tried(table)) {
				tried.add((s == null ? "" : s + ".") + t);
			}
		}
		List<String> near = near(schema == null ? null : folded(schema), table);
		return "table \"" + name + "\" is not in " + Environment.withoutCredentials(meta.getURL()) + " (looked for "
				+ String.join(" and ", tried) + (tried.size() > 1 ? ", the name as the database keeps it unquoted, then as written" : "")
				+ ")" + (near.isEmpty() ? "" : "; it has " + String.join(", ", near) + ", which the runner does not take for it (name it"
						+ " exactly so: table \"" + near.get(0) + "\")");
	}

	/** Tables whose names differ from {@code table} in case or by a character or two, at most five. */
	private List<String> near(String schema, String table) throws SQLException {
		List<String> near = new ArrayList<>();
		String lowerTable = table.toLowerCase(Locale.ROOT);
		try (ResultSet r = meta.getTables(null, schema == null ? null : escaped(schema), "%", null)) {
			for (int i = 0; i < SCANNED && r.next() && near.size() < 5; i++) {
				String found = r.getString("TABLE_NAME");
				String foundSchema = r.getString("TABLE_SCHEM");
				if (!system(foundSchema) && !near.contains(found) && dev.isthmus.library.EditDistance.between(found.toLowerCase(Locale.ROOT), lowerTable) <= 2) {
					near.add(found);
				}
			}
		}
		return near;
	}

	/** The name as the database keeps it unquoted, then as written, when that differs. */
	private List<String> tried(String name) {
		return folded(name).equals(name) ? List.of(name) : List.of(folded(name), name);
	}

	private String currentSchema() {
		try {
			return meta.getConnection().getSchema();
		} catch (SQLException | AbstractMethodError e) {
			return null; // a driver without it: any schema
		}
	}

	/** The database's own catalog, whose tables no configuration means (H2's INFORMATION_SCHEMA has a USERS). */
	private static boolean system(String schema) {
		return schema != null && (schema.equalsIgnoreCase("INFORMATION_SCHEMA") || schema.equalsIgnoreCase("pg_catalog"));
	}

	/** A name as a pattern of the metadata's methods, which take '_' and '%' as wildcards. */
	private String escaped(String name) throws SQLException {
		String escape = meta.getSearchStringEscape();
		if (escape == null || escape.isEmpty()) {
			return name; // the exact comparison of what is found still holds
		}
		return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
	}

	/** A name quoted exactly as given (a column as the table's metadata names it, or one already folded). */
	String quoted(String name) {
		return quote.isEmpty() ? name : quote + name.replace(quote, quote + quote) + quote;
	}
}
