package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --bind} an address the runner cannot listen on. A review gave {@code --bind 999.1.1.1} and was told
 * "cannot listen on 999.1.1.1:18095 (webhook port): null; check --bind and --port": the JDK's refusal of an address
 * that does not resolve has no message. Now it says the address cannot be resolved, or is not one of this machine's,
 * and what to give instead; for the webhook port and for /health with /metrics alike. Seen failing before the fix.
 */
class RunnerBindAddressTest {

	private static final String WEBHOOK_PROJECT = """
			system Shop kind product {
			    record Order json {
			        id : string
			    }
			    endpoint orders webhook "/orders" receives Order
			    endpoint copies file "out" pattern "o-*.ndjson" sends Order
			}
			flow Copy { from Shop.orders to Shop.copies dead-letter }
			""";

	private static final String FILE_PROJECT = """
			system Erp kind product {
			    record Row json {
			        id : string
			    }
			    endpoint exports file "in" pattern "*.ndjson" receives Row
			    endpoint copies file "out" pattern "o-*.ndjson" sends Row
			}
			flow Copy { from Erp.exports to Erp.copies dead-letter }
			""";

	@Test
	void anAddressThatDoesNotResolveIsSaidSoForTheWebhookPort(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		String err = refused(WEBHOOK_PROJECT, project, generated, root, "--bind", "999.1.1.1", "--port", "0", "--management-port", "off");

		assertTrue(err.contains("--bind 999.1.1.1 (where the webhook port would listen) cannot be resolved: it is not an IP address,"
				+ " nor a host name this machine can look up; give --bind an address of this machine: 127.0.0.1"), err);
		assertFalse(err.contains("null"), err);
	}

	@Test
	void anAddressThatDoesNotResolveIsSaidSoForAPortGiven(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		int free;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			free = probe.getLocalPort();
		}
		// A port given (not 0) is tried before the start: where the review was told "null".
		String err = refused(WEBHOOK_PROJECT, project, generated, root, "--bind", "999.1.1.1", "--port", String.valueOf(free),
				"--management-port", "off");

		assertTrue(err.contains("--bind 999.1.1.1 (where the webhook port would listen) cannot be resolved"), err);
		assertFalse(err.contains("null"), err);
	}

	@Test
	void anAddressThatDoesNotResolveIsSaidOnceForBothPorts(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		String err = refused(WEBHOOK_PROJECT, project, generated, root, "--bind", "999.1.1.1", "--port", "0", "--management-port", "0");

		assertTrue(err.contains("--bind 999.1.1.1 (where the webhook and management ports would listen) cannot be resolved"), err);
		assertEquals(1, err.split("999\\.1\\.1\\.1", -1).length - 1, err);
	}

	@Test
	void anAddressThatDoesNotResolveIsSaidSoForTheManagementPort(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		String err = refused(FILE_PROJECT, project, generated, root, "--bind", "no-such-host.invalid", "--management-port", "0");

		assertTrue(err.contains("--bind no-such-host.invalid (where the management port would listen) cannot be resolved"), err);
		assertFalse(err.contains("null"), err);
	}

	@Test
	void anAddressOfAnotherMachineIsSaidToBeNoneOfThisOnes(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		// 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, on no machine's interface.
		String err = refused(FILE_PROJECT, project, generated, root, "--bind", "192.0.2.1", "--management-port", "0");

		assertTrue(err.contains("--bind 192.0.2.1 (where the management port would listen) is not an address of this machine ("), err);
		assertTrue(err.contains("give --bind 127.0.0.1 for this machine only, 0.0.0.0 for all of its addresses"), err);
	}

	private static String refused(String isl, Path project, Path generated, Path root, String... options) throws Exception {
		Files.writeString(project.resolve("p.isl"), isl);
		RunnerTestProjects.generateFrom(project, generated);
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		String[] args = new String[options.length + 4];
		args[0] = "run";
		args[1] = generated.toString();
		args[2] = "--root";
		args[3] = root.toString();
		System.arraycopy(options, 0, args, 4, options.length);

		int code = new IsthmusCommandLine(print(out), print(err)).run(args);

		assertEquals(IsthmusCommandLine.PROBLEMS, code, text(out) + text(err));
		return text(err);
	}
}
