package dev.isthmus.runner.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
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
		if (webhooks < 0 && management < 0) {
			return;
		}
		// The address once, for both ports: a --bind that is no address of this machine is one problem, not two.
		String address = address(host, webhooks < 0 ? "management port" : management < 0 ? "webhook port" : "webhook and management ports");
		if (address != null) {
			problems.add(address);
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

	/**
	 * What is wrong with {@code host} as the address to listen on, or {@code null}: it must be a name or an address
	 * that resolves, to an address of this machine. Tried by listening on a free port of it, let go at once.
	 */
	static String address(String host, String what) {
		InetSocketAddress at = new InetSocketAddress(host, 0);
		if (at.isUnresolved()) {
			return unresolved(host, what);
		}
		try (ServerSocketChannel probe = ServerSocketChannel.open()) {
			probe.bind(at);
			return null;
		} catch (BindException e) {
			return notHere(host, what, e);
		} catch (IOException | RuntimeException e) {
			return "cannot listen on " + host + " (" + what + "): " + reason(e) + "; check --bind";
		}
	}

	/** What keeps a server from listening on {@code host:port}, in the words the server's own refusal uses. */
	static String problem(String host, int port, String what, String option) {
		if (port < 0) {
			return null;
		}
		// Bound as the JDK's HTTP server binds (a channel, SO_REUSEADDR as it sets it), then let go at once.
		try (ServerSocketChannel probe = ServerSocketChannel.open()) {
			probe.bind(new InetSocketAddress(host, port));
			return null;
		} catch (UnresolvedAddressException e) {
			return unresolved(host, what);
		} catch (BindException e) {
			if (e.getMessage() != null && e.getMessage().contains("in use")) {
				return inUse(host, port, what, option);
			}
			if (e.getMessage() != null && e.getMessage().contains("assign requested address")) {
				return notHere(host, what, e);
			}
			return "cannot listen on " + host + ":" + port + " (" + what + "): " + reason(e) + "; give --bind an address of"
					+ " this machine (127.0.0.1, or 0.0.0.0 for all), and " + option + " a port this user may open";
		} catch (IOException | RuntimeException e) {
			return "cannot listen on " + host + ":" + port + " (" + what + "): " + reason(e) + "; check --bind and " + option;
		}
	}

	static String inUse(String host, int port, String what, String option) {
		return what + " " + port + " on " + host + " is in use; stop what holds it or choose another with " + option;
	}

	/** A --bind that names nothing: not an IP address, nor a host name that resolves. */
	static String unresolved(String host, String what) {
		return "--bind " + host + " (where the " + what + " would listen) cannot be resolved: it is not an IP address, nor a host name this"
				+ " machine can look up; give --bind an address of this machine: 127.0.0.1 for this machine only, 0.0.0.0 for all of"
				+ " its addresses, or one its network interfaces have";
	}

	private static String notHere(String host, String what, Exception e) {
		return "--bind " + host + " (where the " + what + " would listen) is not an address of this machine (" + reason(e) + "); give --bind"
				+ " 127.0.0.1 for this machine only, 0.0.0.0 for all of its addresses, or one its network interfaces have";
	}

	/** An exception's words; some (an unresolved address) have none, which must not be printed as "null". */
	private static String reason(Exception e) {
		return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}
}
