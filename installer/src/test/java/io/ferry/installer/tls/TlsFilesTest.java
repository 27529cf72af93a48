package io.ferry.installer.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFilesTest {
  @TempDir static Path dir;
  static Openssl openssl;
  static Path[] rsa;
  static Path[] ec;
  static Path[] other;

  @BeforeAll
  static void makeCertificates() throws Exception {
    openssl = new Openssl(dir);
    rsa = openssl.selfSigned("rsa", "rsa:2048", 365, "acd.customer.example", "*.pool.customer.example");
    ec = openssl.selfSigned("ec", "ec:" + ecParams(), 365, "acd.customer.example");
    other = openssl.selfSigned("other", "rsa:2048", 365, "acd.customer.example");
  }

  static String ecParams() throws Exception {
    Path params = dir.resolve("p256.pem");
    Process p = new ProcessBuilder("openssl", "ecparam", "-name", "prime256v1", "-out", params.toString()).start();
    assertEquals(0, p.waitFor());
    return params.toString();
  }

  static TlsReport check(Path cert, Path key, String... names) {
    return TlsFiles.check(cert, key, List.of(names), Instant.now());
  }

  static String findings(TlsReport r) {
    return r.problems().stream().map(TlsProblem::finding).toList().toString();
  }

  @Test
  void aMatchingPairForTheNamesIsUsable() {
    TlsReport r = check(rsa[0], rsa[1], "acd.customer.example", "node1.pool.customer.example");
    assertTrue(r.problems().isEmpty(), findings(r));
    assertEquals(List.of("acd.customer.example", "*.pool.customer.example"), r.names());
    assertTrue(r.notAfter().isAfter(Instant.now().plus(Duration.ofDays(300))));
  }

  @Test
  void traditionalRsaAndEcKeysAreReadToo() throws Exception {
    TlsReport r = check(rsa[0], openssl.traditional(rsa[1], "rsa"), "acd.customer.example");
    assertTrue(r.usable(), findings(r));
    assertTrue(Files.readString(openssl.traditional(rsa[1], "rsa")).contains("BEGIN RSA PRIVATE KEY"));
    Path sec1 = openssl.traditional(ec[1], "ec");
    assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
    r = check(ec[0], sec1, "acd.customer.example");
    assertTrue(r.usable(), findings(r));
    assertTrue(check(ec[0], ec[1], "acd.customer.example").usable());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    TlsReport r = check(rsa[0], other[1], "acd.customer.example");
    assertFalse(r.usable());
    assertEquals(1, r.problems().size(), findings(r));
    TlsProblem p = r.problems().get(0);
    assertEquals("key", p.file());
    assertTrue(p.finding().startsWith("the key " + other[1] + " does not belong to the certificate"), p.finding());
    // An EC key for an RSA certificate too.
    assertFalse(check(rsa[0], ec[1], "acd.customer.example").usable());
  }

  @Test
  void aNameTheCertificateDoesNotCoverIsRefused() {
    TlsReport r = check(rsa[0], rsa[1], "acd.customer.example", "other.example", "a.b.pool.customer.example");
    assertEquals(List.of(
        "the certificate is not for other.example (it is for acd.customer.example, *.pool.customer.example)",
        "the certificate is not for a.b.pool.customer.example (it is for acd.customer.example,"
            + " *.pool.customer.example)"), r.problems().stream().map(TlsProblem::finding).toList());
    assertFalse(r.usable());
  }

  @Test
  void expiredAndNotYetValidAreRefusedAndSoonExpiringWarns() {
    Instant notAfter = check(rsa[0], rsa[1]).notAfter();
    TlsReport expired = TlsFiles.check(rsa[0], rsa[1], List.of(), notAfter.plusSeconds(1));
    assertEquals("the certificate expired on " + notAfter, expired.problems().get(0).finding());
    assertFalse(expired.usable());
    TlsReport soon = TlsFiles.check(rsa[0], rsa[1], List.of(), notAfter.minus(Duration.ofDays(10)));
    assertTrue(soon.usable());
    assertTrue(soon.problems().get(0).finding().startsWith("the certificate expires on " + notAfter + ", in 9 days")
        || soon.problems().get(0).finding().startsWith("the certificate expires on " + notAfter + ", in 10 days"),
        findings(soon));
    TlsReport early = TlsFiles.check(rsa[0], rsa[1], List.of(), Instant.now().minus(Duration.ofDays(2)));
    assertTrue(early.problems().get(0).finding().contains("is valid only from"), findings(early));
    assertFalse(early.usable());
  }

  @Test
  void swappedFilesSaySo() {
    TlsReport r = check(rsa[1], rsa[0], "acd.customer.example");
    assertEquals(List.of("certificate", "key"), r.problems().stream().map(TlsProblem::file).toList());
    assertTrue(r.problems().get(0).finding().endsWith("(it holds a private key: are certificate and key swapped?)"),
        findings(r));
    assertTrue(r.problems().get(1).finding().endsWith("(it holds a certificate: are certificate and key swapped?)"),
        findings(r));
  }

  @Test
  void aPassphraseProtectedKeyIsRefusedWithTheCommandToUnprotectIt() throws Exception {
    Path enc = openssl.encrypted(rsa[1]);
    TlsReport r = check(rsa[0], enc, "acd.customer.example");
    assertFalse(r.usable());
    TlsProblem p = r.problems().get(0);
    assertEquals("the key " + enc + " is protected by a passphrase, which the stack's web server cannot type",
        p.finding());
    assertTrue(p.fix().contains("openssl pkey -in " + enc), p.fix());
  }

  @Test
  void missingAndDamagedFilesAreNamed() throws Exception {
    Path missing = dir.resolve("nope.crt");
    TlsReport r = check(missing, rsa[1]);
    assertEquals("the certificate " + missing + " does not exist", r.problems().get(0).finding());
    Path damaged = dir.resolve("damaged.key");
    Files.writeString(damaged, "-----BEGIN PRIVATE KEY-----\nnot base64 !!\n-----END PRIVATE KEY-----\n");
    r = check(rsa[0], damaged);
    assertEquals("the key " + damaged + " is damaged (its PEM block does not decode)", r.problems().get(0).finding());
  }
}
