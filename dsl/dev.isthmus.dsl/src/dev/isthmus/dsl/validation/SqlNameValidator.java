package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.JDBC_TRANSPORT__KEY_COLUMNS;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.JDBC_TRANSPORT__TABLE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.Direction;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.JdbcTransport;
import dev.isthmus.dsl.isthmus.RecordField;

/**
 * A jdbc endpoint's table and key columns are names the runner takes: it refuses at start a table or key column that
 * is no plain SQL name, a polled table or query without a key column to poll by, and a key that is no field of the
 * record a table is written from; said here, where the name is written.
 */
public class SqlNameValidator extends AbstractDeclarativeValidator {

	public static final String BAD_SQL_NAME = "dev.isthmus.dsl.badSqlName";

	/**
	 * A plain SQL name: what the runner takes as a table (before and after the '.' of {@code schema.table}) or a key
	 * column. The runner refuses anything else at start (its SqlNames.PLAIN; the DSL cannot depend on the runner), and a
	 * test on each side pins this text.
	 */
	public static final String PLAIN = "[A-Za-z_][A-Za-z0-9_]*";

	private static final Pattern PLAIN_TABLE = Pattern.compile(PLAIN + "(\\." + PLAIN + ")?");
	private static final Pattern PLAIN_COLUMN = Pattern.compile(PLAIN);

	/** What a plain name is, as the runner's errors say it too. */
	private static final String PLAIN_SAID = "letters A-Z or a-z, digits and '_', not starting with a digit";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void aTableIsAPlainName(JdbcTransport jdbc) {
		String table = jdbc.getTable();
		if (table != null && !PLAIN_TABLE.matcher(table).matches()) {
			error("table \"" + table + "\" is not a plain SQL name, and the runner would refuse it: it names a table by " + PLAIN_SAID
					+ ", with its schema before a '.' if needed (table \"orders\", table \"sales.orders\"); name the table so, or create"
					+ " a view of such a name over it and name the view", jdbc, JDBC_TRANSPORT__TABLE, BAD_SQL_NAME, table);
		}
	}

	@Check
	public void keyColumnsArePlainNamesTheRunnerFinds(JdbcTransport jdbc) {
		Endpoint endpoint = jdbc.eContainer() instanceof Endpoint e ? e : null;
		List<String> keys = jdbc.getKeyColumns();
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			if (!PLAIN_COLUMN.matcher(key).matches()) {
				error("key column \"" + key + "\" is not a plain SQL name, and the runner would refuse it: it names a column by "
						+ PLAIN_SAID + ", without a '.'; " + (jdbc.getQuery() != null
								? "select the column under such a name in the query (SELECT \"" + key + "\" AS " + suggested(key) + ", …)"
								: "name the column so, or point the endpoint at a view that names it so"),
						jdbc, JDBC_TRANSPORT__KEY_COLUMNS, i, BAD_SQL_NAME, key);
			} else if (endpoint != null && endpoint.getDirection() != Direction.RECEIVES && endpoint.getRecord() != null
					&& !endpoint.getRecord().eIsProxy()) {
				List<String> fields = new ArrayList<>();
				endpoint.getRecord().getFields().stream().map(RecordField::getName).forEach(fields::add);
				if (fields.stream().noneMatch(key::equalsIgnoreCase)) {
					error("key column \"" + key + "\" is not a field of record " + endpoint.getRecord().getName() + " (its fields: "
							+ String.join(", ", fields) + "), and the runner writes the table's rows from the record's fields and finds"
							+ " a row again by the key's; key the endpoint by a field of the record (names match ignoring case)", jdbc,
							JDBC_TRANSPORT__KEY_COLUMNS, i, BAD_SQL_NAME, key);
				}
			}
		}
		if (endpoint != null && endpoint.getDirection() != Direction.SENDS && keys.isEmpty()) {
			error("the runner polls a table or query for rows past the last one read, by an increasing column, and this endpoint names"
					+ " none; add its key column, e.g. key \"ID\" (a sequence, or a time the rows are written at)", jdbc,
					jdbc.getTable() != null ? JDBC_TRANSPORT__TABLE : dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.JDBC_TRANSPORT__QUERY,
					BAD_SQL_NAME);
		}
	}

	/**
	 * A table target's columns are its record's fields by their names in upper case (the runner creates them so, and
	 * finds them ignoring case): two fields differing in case only would be one column, which no table has twice.
	 */
	@Check
	public void fieldsOfATableTargetAreColumnsApart(JdbcTransport jdbc) {
		if (!(jdbc.eContainer() instanceof Endpoint endpoint) || endpoint.getDirection() == Direction.RECEIVES || endpoint.getRecord() == null
				|| endpoint.getRecord().eIsProxy()) {
			return;
		}
		java.util.Map<String, String> columns = new java.util.HashMap<>();
		for (RecordField field : endpoint.getRecord().getFields()) {
			String name = field.getName();
			String other = name == null ? null : columns.putIfAbsent(name.toUpperCase(Locale.ROOT), name);
			if (other != null) {
				error("fields '" + other + "' and '" + name + "' of record " + endpoint.getRecord().getName() + " differ in case only, and"
						+ " the runner writes each field into the column of its name in upper case (" + name.toUpperCase(Locale.ROOT)
						+ "), one column for both; rename one of the fields, or send the table a record whose fields differ in more than"
						+ " case", endpoint, dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.ENDPOINT__RECORD, BAD_SQL_NAME, name);
				return;
			}
		}
	}

	/** A plain name for a column named otherwise: its letters, digits and '_', upper case. */
	private static String suggested(String name) {
		String plain = name.replaceAll("[^A-Za-z0-9_]+", "_").toUpperCase(Locale.ROOT);
		return plain.isEmpty() || Character.isDigit(plain.charAt(0)) ? "K_" + plain : plain;
	}
}
