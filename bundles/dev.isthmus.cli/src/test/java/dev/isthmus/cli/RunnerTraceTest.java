package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code isthmus trace} on the tables project: a record's journey ends with how each delivery went, not only with
 * its being queued (a review found the trace of a record a target refused ending at "deliver -> …: as is").
 */
class RunnerTraceTest {

	@Test
	void aTraceSaysHowEachDeliveryEnded(@TempDir Path generated, @TempDir Path root) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		// A customer column too narrow for one of the records: the table refuses it, and only it.
		String data = TablesProject.generate(generated, root, "VARCHAR(100)", "VARCHAR(8)");
		drop(root, "import/a.csv", "invoiceNo,customer,amount\n1,cus_a,1.00\n2,cus_with_a_long_name,2.00\n");
		Path env = Files.writeString(root.resolve("env"), "ERP_URL=" + data + "\n");
		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--env-file",
				env.toString()), text(err));

		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("trace", "tables.FilesToTable@file:import/a.csv:2", "--root", root.toString()), text(err));
		assertTrue(text(out).contains("deliver -> tables.Erp.archive: as is") && text(out).contains("=> delivered"), text(out));

		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("trace", "tables.FilesToTable@file:import/a.csv:3", "--root", root.toString()), text(err));
		assertTrue(text(out).matches("(?s).*deliver -> tables.Erp.archive: as is.*=> dead letter \\d+: .*'isthmus dlq show \\d+'.*"), text(out));

		// A --flow that names no flow with dead letters says which have some (it read as "0 dead letters").
		err.reset();
		cli.run("dlq", "list", "--root", root.toString(), "--flow", "FilesToTabel");
		assertTrue(text(err).contains("no flow 'FilesToTabel' has dead letters here; flows that have: tables.FilesToTable"), text(err));
	}
}
