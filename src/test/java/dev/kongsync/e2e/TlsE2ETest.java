package dev.kongsync.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS to the Admin API: a private CA with --ca-cert, --tls-skip-verify, and mutual TLS with a client certificate. */
@QuarkusMainTest
class TlsE2ETest {
    static Path dir;
    static WireMockServer tls;
    static WireMockServer mtls;

    static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    static void keyPair(String alias, String cn) throws Exception {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + cn,
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", dir.resolve(alias + ".p12").toString(),
                "-storepass", "changeit", "-file", dir.resolve(alias + ".pem").toString());
    }

    static void stubKong(WireMockServer s) {
        s.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"version\":\"3.9.1\",\"edition\":\"community\",\"configuration\":{\"database\":\"postgres\"}}")));
        s.stubFor(get(urlEqualTo("/status")).willReturn(aResponse().withStatus(200)
                .withBody("{\"database\":{\"reachable\":true}}")));
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("kongsync-tls");
        keyPair("server", "127.0.0.1");
        keyPair("client", "kongsync");
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", dir.resolve("client.pem").toString(),
                "-keystore", dir.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(dir.resolve("client.p12").toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        byte[] der = ks.getKey("client", "changeit".toCharArray()).getEncoded();
        Files.writeString(dir.resolve("client-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PRIVATE KEY-----\n");
        tls = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(dir.resolve("server.p12").toString()).keystorePassword("changeit")
                .keyManagerPassword("changeit").keystoreType("PKCS12"));
        tls.start();
        stubKong(tls);
        mtls = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(dir.resolve("server.p12").toString()).keystorePassword("changeit")
                .keyManagerPassword("changeit").keystoreType("PKCS12").needClientAuth(true)
                .trustStorePath(dir.resolve("trust.p12").toString()).trustStorePassword("changeit").trustStoreType("PKCS12"));
        mtls.start();
        stubKong(mtls);
    }

    @AfterAll
    static void stop() {
        tls.stop();
        mtls.stop();
    }

    @Test
    void privateCaIsTrustedWithCaCert(QuarkusMainLauncher launcher) {
        String addr = "https://127.0.0.1:" + tls.httpsPort();
        LaunchResult untrusted = launcher.launch("ping", "--kong-addr", addr, "--retries", "0");
        assertEquals(1, untrusted.exitCode(), untrusted.getOutput());
        LaunchResult trusted = launcher.launch("ping", "--kong-addr", addr, "--ca-cert", dir.resolve("server.pem").toString());
        assertEquals(0, trusted.exitCode(), trusted.getErrorOutput());
        assertTrue(trusted.getOutput().contains("database postgres reachable"));
        LaunchResult skipped = launcher.launch("ping", "--kong-addr", addr, "--tls-skip-verify");
        assertEquals(0, skipped.exitCode(), skipped.getErrorOutput());
    }

    @Test
    void mutualTlsWithClientCertificate(QuarkusMainLauncher launcher) {
        String addr = "https://127.0.0.1:" + mtls.httpsPort();
        String ca = dir.resolve("server.pem").toString();
        LaunchResult anonymous = launcher.launch("ping", "--kong-addr", addr, "--ca-cert", ca);
        assertEquals(1, anonymous.exitCode());
        LaunchResult withCert = launcher.launch("ping", "--kong-addr", addr, "--ca-cert", ca,
                "--tls-client-cert", dir.resolve("client.pem").toString(),
                "--tls-client-key", dir.resolve("client-key.pem").toString());
        assertEquals(0, withCert.exitCode(), withCert.getErrorOutput());
        LaunchResult halfPair = launcher.launch("ping", "--kong-addr", addr, "--ca-cert", ca,
                "--tls-client-cert", dir.resolve("client.pem").toString());
        assertEquals(1, halfPair.exitCode());
        assertTrue(halfPair.getErrorOutput().contains("--tls-client-cert and --tls-client-key go together"),
                halfPair.getErrorOutput());
    }
}
