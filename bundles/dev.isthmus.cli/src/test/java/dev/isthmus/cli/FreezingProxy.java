package dev.isthmus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a database server, standing in for the server's host being frozen (kill -STOP)
 * or cut off by a network partition: {@link #freeze} keeps every connection open and accepts new ones, but forwards no
 * byte either way, so the client waits as it would on a frozen server (SIGSTOP cannot be sent to a server in the test's
 * own JVM). {@link #thaw} forwards again; {@link #cutOff} closes every connection, as a partition long enough for the
 * server to give up on its clients.
 */
final class FreezingProxy implements AutoCloseable {

	private final ServerSocket listening;
	private final int target;
	private final List<Socket> sockets = new CopyOnWriteArrayList<>();
	private final Object gate = new Object();
	private volatile boolean frozen;
	private volatile boolean closed;

	FreezingProxy(int target) throws IOException {
		this.target = target;
		this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		daemon(this::accept);
	}

	int port() {
		return listening.getLocalPort();
	}

	void freeze() {
		frozen = true;
	}

	void thaw() {
		synchronized (gate) {
			frozen = false;
			gate.notifyAll();
		}
	}

	/** Closes every connection so far (the server sees its clients go). New ones are still taken. */
	void cutOff() {
		for (Socket s : sockets) {
			close(s);
		}
		sockets.clear();
	}

	private void accept() {
		while (!closed) {
			try {
				Socket client = listening.accept();
				Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
				sockets.add(client);
				sockets.add(server);
				daemon(() -> pump(client, server));
				daemon(() -> pump(server, client));
			} catch (IOException e) {
				if (closed) {
					return;
				}
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				synchronized (gate) {
					while (frozen && !closed) {
						gate.wait();
					}
				}
				out.write(buffer, 0, n);
				out.flush();
			}
		} catch (IOException | InterruptedException e) {
			// one side went: the other goes too
		} finally {
			close(from);
			close(to);
		}
	}

	private static void daemon(Runnable body) {
		Thread t = new Thread(body, "freezing-proxy");
		t.setDaemon(true);
		t.start();
	}

	private static void close(Socket s) {
		try {
			s.close();
		} catch (IOException e) {
			// closed already
		}
	}

	@Override
	public void close() throws IOException {
		closed = true;
		thaw();
		listening.close();
		cutOff();
	}
}
