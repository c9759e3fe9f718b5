package dev.isthmus.runner.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

/**
 * The ports a runner is to listen on, tried before it starts: a port in use is one more problem in the start-up
 * checks' list, reported with a missing variable or an unreachable database rather than only once they are fixed.
 * The servers bind the ports later; one taken in between is still refused then, with the same words.
 */
final class ListenPorts {

	private ListenPorts() {
	}

	/** Adds to {@code problems} what keeps the runner from listening on {@code host}: -1 is a port not wanted, 0 any free one. */
	static void check(String host, int webhooks, int management, List<String> problems) {
		if (webhooks > 0 && webhooks == management) {
			problems.add("--port and --management-port are both " + webhooks + "; webhooks and /health with /metrics need a port each:"
					+ " give them different ones");
			return;
		}
		String problem = problem(host, webhooks, "webhook port", "--port");
		if (problem != null) {
			problems.add(problem);
		}
		problem = problem(host, management, "management port", "--management-port");
		if (problem != null) {
			problems.add(problem);
		}
	}

	/** What keeps a server from listening on {@code host:port}, in the words the server's own refusal uses. */
	static String problem(String host, int port, String what, String option) {
		if (port <= 0) {
			return null;
		}
		// Bound as the JDK's HTTP server binds (a channel, SO_REUSEADDR as it sets it), then let go at once.
		try (ServerSocketChannel probe = ServerSocketChannel.open()) {
			probe.bind(new InetSocketAddress(host, port));
			return null;
		} catch (BindException e) {
			if (e.getMessage() != null && e.getMessage().contains("in use")) {
				return inUse(host, port, what, option);
			}
			return "cannot listen on " + host + ":" + port + " (" + what + "): " + e.getMessage() + "; give --bind an address of"
					+ " this machine (127.0.0.1, or 0.0.0.0 for all), and " + option + " a port this user may open";
		} catch (IOException | RuntimeException e) {
			return "cannot listen on " + host + ":" + port + " (" + what + "): " + e.getMessage() + "; check --bind and " + option;
		}
	}

	static String inUse(String host, int port, String what, String option) {
		return what + " " + port + " on " + host + " is in use; stop what holds it or choose another with " + option;
	}
}
