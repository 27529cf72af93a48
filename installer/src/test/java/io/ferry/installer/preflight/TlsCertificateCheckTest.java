package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.config.CustomerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificateCheckTest {
  @TempDir static Path dir;
  static Path cert;
  static Path key;
  final FakeHost host = new FakeHost();

  @BeforeAll
  static void certificate() throws Exception {
    cert = dir.resolve("tls.crt");
    key = dir.resolve("tls.key");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
        key.toString(), "-out", cert.toString(), "-days", "90", "-subj", "/CN=demo.customer.example", "-addext",
        "subjectAltName=DNS:demo.customer.example").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor());
  }

  List<CheckResult> run(Path certificate, Path privateKey, List<String> names) throws IOException {
    Path yaml = dir.resolve("customer.yaml");
    StringBuilder s = new StringBuilder("stack: demo\n");
    if (!names.isEmpty()) {
      s.append("dns_names: [").append(String.join(", ", names)).append("]\n");
    }
    if (certificate != null) {
      s.append("tls: {certificate: ").append(certificate).append(", key: ").append(privateKey).append("}\n");
    }
    Files.writeString(yaml, s);
    CustomerConfig config;
    try {
      config = CustomerConfig.read(yaml);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return new TlsCertificateCheck().run(Targets.target().config(config).on(host));
  }

  @Test
  void noCertificateUsesTheStacksOwn() throws IOException {
    assertEquals(List.of(CheckResult.pass("tls certificate", "stack demo takes none")),
        run(null, null, List.of()));
  }

  @Test
  void aGoodCertificatePassesWithItsNamesAndEnd() throws IOException {
    List<CheckResult> r = run(cert, key, List.of("demo.customer.example"));
    assertEquals(1, r.size(), r.toString());
    assertEquals(CheckStatus.PASS, r.get(0).status());
    assertTrue(r.get(0).finding().matches("demo\\.customer\\.example, valid until \\d{4}-\\d\\d-\\d\\d, key matches"),
        r.get(0).finding());
  }

  @Test
  void theBundlesDefaultNameIsCheckedWhenTheConfigNamesNone() throws IOException {
    // Targets' environment sets DEMO_DNS=demo.customer.example.
    assertEquals(CheckStatus.PASS, run(cert, key, List.of()).get(0).status());
  }

  @Test
  void aWrongNameAndAWrongKeyFailWithTheirFixes() throws Exception {
    Path wrongKey = dir.resolve("wrong.key");
    Process p = new ProcessBuilder("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
        "-out", wrongKey.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), "openssl genpkey");
    List<CheckResult> r = run(cert, wrongKey, List.of("acd.other.example"));
    assertEquals(List.of("tls key", "tls certificate"), r.stream().map(CheckResult::check).toList());
    assertTrue(r.stream().allMatch(c -> c.status() == CheckStatus.FAIL), r.toString());
    assertEquals("the certificate is not for acd.other.example (it is for demo.customer.example)", r.get(1).finding());
    assertEquals("get a certificate that names acd.other.example, or correct dns_names", r.get(1).fix());
  }
}
