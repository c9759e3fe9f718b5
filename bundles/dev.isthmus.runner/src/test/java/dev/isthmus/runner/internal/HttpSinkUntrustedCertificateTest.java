package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A target whose TLS certificate no authority this Java trusts signed (a self-signed one, made here with the JDK's
 * keytool): the delivery waits for its retry, saying what to do, not the JDK's "PKIX path building failed" alone
 * (review 21).
 */
class HttpSinkUntrustedCertificateTest {

	@Test
	void anUntrustedCertificateSaysHowToTrustIt(@TempDir Path dir) throws Exception {
		Path store = dir.resolve("target.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "t",
				"-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
				"-keystore", store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
		String said = new String(keytool.getInputStream().readAllBytes());
		assertEquals(0, keytool.waitFor(), said);
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = java.nio.file.Files.newInputStream(store)) {
			keys.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		managers.init(keys, "changeit".toCharArray());
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(managers.getKeyManagers(), null, null);
		HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
		server.setHttpsConfigurator(new HttpsConfigurator(tls));
		server.createContext("/", exchange -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		try (HttpSink sink = new HttpSink(JsonText.RECORDS.readTree("{\"transport\":{\"kind\":\"http\",\"method\":\"POST\"}}"),
				"https://127.0.0.1:" + server.getAddress().getPort() + "/items", null, Duration.ofSeconds(10), new Environment(n -> null))) {
			Sink.Result result = sink.deliver(List.of(new Sink.Pending(1, "f", "{}", "key-1", null, null, 0, null, null, Instant.now(), 0))).get(0);
			assertEquals(Sink.Kind.RETRY, result.kind(), result.toString());
			assertTrue(result.detail().contains("the target's TLS certificate is signed by no authority this Java trusts: add its CA to a trust"
					+ " store and give the runner JAVA_OPTS=\"-Djavax.net.ssl.trustStore=<file>"), result.detail());
		} finally {
			server.stop(0);
		}
	}
}
