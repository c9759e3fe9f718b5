package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What the JDK's HTTP client (as the runner's HTTP targets use it: HTTP/1.1, no proxy) puts on the wire for a
 * request's own headers, read as raw bytes on a loopback socket, and the runner's refusals at start-up that follow from
 * it: a header value past ASCII went out with {@code ?} in its place, and {@code Proxy-*} headers were dropped, both
 * without a word; a {@code Transfer-Encoding} went out beside the client's {@code Content-Length}.
 */
class HeadersTheClientSendsTest {

	/** The request head the client sends for {@code headers}, as the bytes a target reads. */
	private static String rawHead(Map<String, String> headers) throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<String> head = CompletableFuture.supplyAsync(() -> {
				try (Socket socket = server.accept()) {
					InputStream in = socket.getInputStream();
					ByteArrayOutputStream bytes = new ByteArrayOutputStream();
					while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
						int b = in.read();
						if (b < 0) {
							break;
						}
						bytes.write(b);
					}
					socket.getOutputStream().write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					return bytes.toString(StandardCharsets.ISO_8859_1);
				} catch (IOException e) {
					throw new IllegalStateException(e);
				}
			});
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/x"))
					.POST(HttpRequest.BodyPublishers.ofString("{}"));
			headers.forEach(request::header);
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			client.send(request.build(), HttpResponse.BodyHandlers.discarding());
			return head.get(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * Pins the client's behaviour the refusals rest on: should a JDK send these as given, the refusals below can go.
	 * The JDK takes them all without a word: only the wire shows what it did. (Past Latin-1 it refuses a value itself.)
	 */
	@Test
	void theClientSendsAValuePastAsciiAsAQuestionMarkAndDropsProxyHeaders() throws Exception {
		String head = rawHead(Map.of("X-Lat", "caf\u00e9", "X-Uml", "gr\u00fc\u00df", "Proxy-Authorization", "Basic YTpi",
				"Proxy-Connection", "keep-alive", "X-Plain", "ok"));
		assertTrue(head.contains("\r\nX-Lat: caf?\r\n"), head);
		assertTrue(head.contains("\r\nX-Uml: gr??\r\n"), head);
		assertTrue(head.contains("\r\nX-Plain: ok\r\n"), head);
		assertFalse(head.toLowerCase(java.util.Locale.ROOT).contains("proxy-"), head);

		assertThrows(IllegalArgumentException.class, () -> HttpRequest.newBuilder().header("X-Uni", "\u65e5\u672c"));

		String framed = rawHead(Map.of("Transfer-Encoding", "chunked"));
		assertTrue(framed.contains("Content-Length: 2\r\n") && framed.contains("Transfer-Encoding: chunked\r\n"), framed);
	}

	/** The JDK refuses these five itself; the runner's list holds them, and Transfer-Encoding, and no other. */
	@Test
	void theClientsOwnHeadersAreTheJdksRestrictedOnesAndTransferEncoding() {
		assertEquals(List.of("Connection", "Content-Length", "Expect", "Host", "Transfer-Encoding", "Upgrade"), RequestHeaders.CLIENTS_OWN);
		List<String> refusedByTheJdk = new ArrayList<>();
		for (String name : List.of("Accept", "Accept-Charset", "Accept-Encoding", "Authorization", "Cache-Control", "Connection", "Content-Encoding",
				"Content-Length", "Content-Type", "Cookie", "Date", "Expect", "From", "Host", "If-Match", "Keep-Alive", "Origin", "Pragma",
				"Proxy-Authorization", "Range", "Referer", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent", "Via", "Warning")) {
			try {
				HttpRequest.newBuilder().header(name, "x");
			} catch (IllegalArgumentException e) {
				refusedByTheJdk.add(name);
			}
		}
		assertEquals(List.of("Connection", "Content-Length", "Expect", "Host", "Upgrade"), refusedByTheJdk);
		for (String name : RequestHeaders.CLIENTS_OWN) {
			String problem = RequestHeaders.problem(name.toLowerCase(java.util.Locale.ROOT), "x", null, null);
			assertTrue(problem != null && problem.contains("cannot be sent: the HTTP client") && problem.endsWith("remove the header"), problem);
		}
	}

	@Test
	void aTransferEncodingIsRefusedForItWouldFrameTheBodyTwice() {
		assertEquals("header \"Transfer-Encoding\" cannot be sent: the HTTP client frames the body itself, with Content-Length, and a"
				+ " Transfer-Encoding beside it would make the request malformed; remove the header",
				RequestHeaders.problem("Transfer-Encoding", "chunked", null, null));
	}

	@Test
	void aProxyHeaderIsRefusedForTheClientDropsIt() {
		String auth = RequestHeaders.problem("Proxy-Authorization", "Basic YTpi", "PA", null);
		assertTrue(auth.startsWith("header \"Proxy-Authorization\" is never sent: the HTTP client drops every Proxy-* header on a request"
				+ " that goes through no proxy, and the runner connects to its targets directly;"), auth);
		assertTrue(auth.contains("if the target itself checks this credential, send it with auth or in a header of another name"), auth);
		assertTrue(RequestHeaders.problem("proxy-connection", "keep", null, null).startsWith("header \"proxy-connection\" is never sent"));
		assertTrue(RequestHeaders.problem("Proxy-Foo", "1", null, null).endsWith("remove the header"));
		assertNull(RequestHeaders.problem("Proxy", "1", null, null), "not a Proxy-* header; the client sends it");
	}

	@Test
	void aValuePastAsciiIsRefusedSayingTheCharacterAndWhatToDo() {
		assertEquals("header \"X-Lat\"'s value holds '\u00e9' (U+00E9) at character 4, past ASCII; the HTTP client sends a header value as"
				+ " ASCII, with '?' in place of any other character: use only ASCII characters, or percent-encode it (%C3%A9 in UTF-8) if the"
				+ " API expects that", RequestHeaders.problem("X-Lat", "caf\u00e9", null, null));
		String uni = RequestHeaders.problem("X-Uni", "a\ud83d\ude00\u65e5", null, null);
		assertTrue(uni.contains("holds '\ud83d\ude00' (U+1F600) at character 2, past ASCII"), uni);
		assertTrue(uni.contains("%F0%9F%98%80"), uni);

		String secret = RequestHeaders.problem("X-Env", "abc\u00e9", "HV", null);
		assertTrue(secret.startsWith("the value of HV (sent in header \"X-Env\") holds the character U+00E9 at character 4, past ASCII;"), secret);
		assertTrue(secret.endsWith("set HV to a value in ASCII characters only, or percent-encoded (%C3%A9 in UTF-8) if the API expects that"),
				secret);
		assertFalse(secret.contains("abc") || secret.contains("\u00e9"), secret);
		assertNull(RequestHeaders.problem("X-A", "ascii ~ only\t!", null, null));
	}
}
