package dev.isthmus.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** An HTTP target on loopback for a test, answering every path with the handler given; a request a thread each. */
final class LoopbackServer implements AutoCloseable {
	private final HttpServer server;

	LoopbackServer(HttpHandler handler) throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/", handler);
		server.start();
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
