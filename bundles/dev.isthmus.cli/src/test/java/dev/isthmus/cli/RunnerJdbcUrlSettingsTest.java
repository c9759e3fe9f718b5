package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.StartupException;

/**
 * A JDBC URL that H2 cannot take as written (review 19, Low): a setting it does not know (";pwd=…") refused the start
 * with H2's words alone ("Unsupported connection setting \"PWD\""), and "user:password@host" with a
 * NumberFormatException, neither naming the URL or what to do. Now both say which database and to check its URL.
 * Seen failing before the fix.
 */
class RunnerJdbcUrlSettingsTest {

	@Test
	void aUrlH2CannotTakeIsNamedWithWhatToDo(@TempDir Path generated, @TempDir Path root) throws Exception {
		TablesProject.generate(generated, root);
		for (String url : new String[] { "jdbc:h2:tcp://127.0.0.1:9/erp;user=sa;pwd=hunter22", "jdbc:h2:tcp://sa:hunter22@127.0.0.1:9/erp" }) {
			String refused = assertThrows(StartupException.class, () -> Runner.once(TablesProject.options(generated, root, url))).getMessage();
			assertTrue(refused.contains("source tables.Erp.invoices: cannot open the database at jdbc:h2:tcp://"), refused);
			assertTrue(refused.contains("check the URL (or the variable it came from)"), refused);
			assertFalse(refused.contains("hunter22"), refused);
		}
	}
}
