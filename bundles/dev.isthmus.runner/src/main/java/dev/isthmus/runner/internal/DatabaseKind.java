package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases whose own ways a table endpoint minds by name — PostgreSQL's text and types, MySQL's and MariaDB's
 * sessions, engines and packet size, the SQL H2 and PostgreSQL share for a table to create —, as a connection's driver
 * names its product; any other is {@link #OTHER}.
 */
enum DatabaseKind {
	H2, POSTGRESQL, MYSQL, OTHER;

	static DatabaseKind of(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
		return product.contains("h2") ? H2 : product.contains("postgres") ? POSTGRESQL
				: product.contains("mysql") || product.contains("mariadb") ? MYSQL : OTHER;
	}
}
