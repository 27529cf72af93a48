package io.ferry.signing.pgp;

import static io.ferry.signing.pgp.TestKeys.bytes;
import static io.ferry.signing.pgp.TestKeys.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ferry and GnuPG 2.2 must agree on every verdict: the bundle docs tell users to run gpg. */
class GpgInteropTest {
  private static final byte[] MANIFEST = bytes("{\"release\":\"1.4.2\"}\n");

  @TempDir Path dir;
  private Gpg gpg;

  @BeforeEach
  void startGpg() throws Exception {
    gpg = Gpg.inTemporaryHome(dir);
  }

  @AfterEach
  void stopGpg() throws Exception {
    gpg.close();
  }

  @Test
  void gpgVerifiesOurSignatureAndRejectsTamperedData() throws Exception {
    TestKeys keys = TestKeys.create(dir, "Ferry");
    Path data = Files.write(dir.resolve("manifest.json"), MANIFEST);
    Path signature = Files.write(dir.resolve("manifest.json.asc"),
        keys.load().signDetached(stream(MANIFEST)));

    gpg.ok("--import", keys.publicKey.toString());
    String output = gpg.ok("--verify", signature.toString(), data.toString());
    assertTrue(output.contains("Good signature from \"Ferry <ferry@example.com>\""), output);
    assertTrue(output.contains(keys.pair.fingerprint()), output);

    Files.write(data, bytes("{\"release\":\"1.4.3\"}\n"));
    Gpg.Result tampered = gpg.run("--verify", signature.toString(), data.toString());
    assertNotEquals(0, tampered.exitCode(), tampered.output());
    assertTrue(tampered.output().contains("BAD signature"), tampered.output());
  }

  @Test
  void gpgReadsOurKeyAsEd25519WithItsExpiry() throws Exception {
    TestKeys keys = TestKeys.create(dir, "Ferry");
    gpg.ok("--import", keys.publicKey.toString());

    String[] pub = gpg.ok("--with-colons", "--list-keys", keys.pair.fingerprint()).lines()
        .filter(line -> line.startsWith("pub:")).findFirst().orElseThrow().split(":");

    // Fields: validity, length, algorithm, key id, created, expires, ..., capabilities, ..., curve.
    assertEquals("22", pub[3], "EdDSA legacy: " + Arrays.toString(pub));
    assertEquals(keys.pair.keyId(), pub[4]);
    assertEquals(String.valueOf(keys.pair.created().getEpochSecond()), pub[5]);
    assertEquals(String.valueOf(keys.pair.expires().getEpochSecond()), pub[6]);
    assertTrue(pub[11].contains("S") && pub[11].contains("C"), "sign+certify: " + pub[11]);
    assertEquals("ed25519", pub[16]);
  }

  /**
   * gpg 2.2 still exits 0 for a good signature by an expired or revoked key and only warns (status
   * EXPKEYSIG / REVKEYSIG); Ferry refuses both. What must agree is that gpg sees the same expiry.
   */
  @Test
  void gpgSeesThatOurKeyHasExpired() throws Exception {
    Instant created = Instant.now().minus(Duration.ofDays(3));
    TestKeys old = TestKeys.create(dir, "Old", created, Duration.ofDays(1));
    Path data = Files.write(dir.resolve("manifest.json"), MANIFEST);
    Path signature = Files.write(dir.resolve("manifest.json.asc"),
        old.loadAt(created.plus(Duration.ofHours(1))).signDetached(stream(MANIFEST)));
    gpg.ok("--import", old.publicKey.toString());

    String status = gpg.run("--status-fd", "1", "--verify", signature.toString(), data.toString())
        .output();

    assertTrue(status.contains("[GNUPG:] EXPKEYSIG " + old.pair.keyId()), status);
  }

  @Test
  void trustStoreVerifiesSignaturesMadeByGpg() throws Exception {
    gpg.ok("--passphrase", "", "--quick-gen-key", "Test <t@example.com>", "ed25519", "sign",
        "never");
    Path publicKey = dir.resolve("test.asc");
    gpg.ok("--armor", "--output", publicKey.toString(), "--export", "t@example.com");
    Path data = Files.write(dir.resolve("manifest.json"), MANIFEST);
    gpg.ok("--armor", "--detach-sign", "--output", dir.resolve("armoured.asc").toString(),
        data.toString());
    gpg.ok("--detach-sign", "--output", dir.resolve("binary.sig").toString(), data.toString());
    TrustStore store = TrustStore.load(publicKey);

    SignatureCheck armoured = store.verify(stream(MANIFEST),
        Files.readAllBytes(dir.resolve("armoured.asc")), Instant.now());
    SignatureCheck binary = store.verify(stream(MANIFEST),
        Files.readAllBytes(dir.resolve("binary.sig")), Instant.now());

    assertEquals("Test <t@example.com>", armoured.userId());
    assertEquals(store.keys().get(0).keyId(), armoured.keyId());
    assertEquals(armoured.fingerprint(), binary.fingerprint());
    assertEquals("signature does not match the data",
        assertThrows(BadSignatureException.class, () -> store.verify(
            stream(bytes("{\"release\":\"6.6.6\"}\n")),
            Files.readAllBytes(dir.resolve("armoured.asc")), Instant.now())).getMessage());
  }

  @Test
  void trustStoreVerifiesSignaturesByAGpgSigningSubkey() throws Exception {
    gpg.ok("--passphrase", "", "--quick-gen-key", "Sub <s@example.com>", "ed25519", "cert",
        "never");
    String fingerprint = fingerprintOf("s@example.com");
    gpg.ok("--passphrase", "", "--quick-add-key", fingerprint, "ed25519", "sign", "1y");
    Path publicKey = dir.resolve("sub.asc");
    gpg.ok("--armor", "--output", publicKey.toString(), "--export", fingerprint);
    Path data = Files.write(dir.resolve("manifest.json"), MANIFEST);
    Path signature = dir.resolve("manifest.json.asc");
    gpg.ok("--armor", "--detach-sign", "--output", signature.toString(), data.toString());
    TrustStore store = TrustStore.load(publicKey);

    SignatureCheck check = store.verify(stream(MANIFEST), Files.readAllBytes(signature),
        Instant.now());

    assertNotEquals(fingerprint, check.fingerprint(), "signed by the subkey, not the primary");
    assertEquals("Sub <s@example.com>", check.userId());
    assertEquals(fingerprint, store.keys().get(0).fingerprint());
  }

  @Test
  void trustStoreSeesAGpgRevocation() throws Exception {
    gpg.ok("--passphrase", "", "--quick-gen-key", "Gone <g@example.com>", "ed25519", "sign",
        "never");
    String fingerprint = fingerprintOf("g@example.com");
    Path data = Files.write(dir.resolve("manifest.json"), MANIFEST);
    Path signature = dir.resolve("manifest.json.asc");
    gpg.ok("--armor", "--detach-sign", "--output", signature.toString(), data.toString());
    // gpg 2.2 writes a revocation certificate at key generation, with the armour "escaped" by
    // a leading colon so it cannot be imported by accident.
    Path certificate = gpg.home().resolve("openpgp-revocs.d").resolve(fingerprint + ".rev");
    Path revocation = Files.writeString(dir.resolve("revoke.asc"),
        Files.readString(certificate).replace(":-----", "-----"));
    gpg.ok("--import", revocation.toString());
    Path publicKey = dir.resolve("gone.asc");
    gpg.ok("--armor", "--output", publicKey.toString(), "--export", fingerprint);

    ExpiredKeyException e = assertThrows(ExpiredKeyException.class, () -> TrustStore.load(
        publicKey).verify(stream(MANIFEST), Files.readAllBytes(signature), Instant.now()));

    assertTrue(e.revoked());
    assertTrue(e.getMessage().contains("was revoked on"), e.getMessage());
    String status = gpg.run("--status-fd", "1", "--verify", signature.toString(), data.toString())
        .output();
    assertTrue(status.contains("[GNUPG:] REVKEYSIG " + e.keyId()), status);
  }

  @Test
  void signingKeyLoadsAKeyExportedByGpg() throws Exception {
    gpg.ok("--passphrase", "", "--quick-gen-key", "Exported <e@example.com>", "ed25519", "sign",
        "never");
    Path secretKey = dir.resolve("exported.key");
    gpg.ok("--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--output",
        secretKey.toString(), "--export-secret-keys", "e@example.com");
    Path data = Files.write(dir.resolve("manifest.json"), MANIFEST);
    Path signature = Files.write(dir.resolve("manifest.json.asc"),
        SigningKey.load(secretKey, null).signDetached(stream(MANIFEST)));

    String output = gpg.ok("--verify", signature.toString(), data.toString());

    assertTrue(output.contains("Good signature from \"Exported <e@example.com>\""), output);
  }

  private String fingerprintOf(String email) throws Exception {
    return gpg.ok("--with-colons", "--list-keys", email).lines()
        .filter(line -> line.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
  }
}
