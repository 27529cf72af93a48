package io.ferry.signing.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
  @TempDir static Path dir;
  static TestKeys keys;

  @BeforeAll
  static void generate() throws Exception {
    keys = TestKeys.create(dir, "Signer");
  }

  @Test
  void signsWithArmouredDetachedSignatureDatedNow() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(10));
    SigningKey key = keys.loadAt(now);

    byte[] signature = key.signDetached(TestKeys.stream(TestKeys.bytes("manifest")));

    String text = new String(signature, StandardCharsets.US_ASCII);
    assertTrue(text.startsWith("-----BEGIN PGP SIGNATURE-----"), text);
    assertTrue(text.stripTrailing().endsWith("-----END PGP SIGNATURE-----"), text);
    SignatureCheck check = TrustStore.load(keys.publicKey)
        .verify(TestKeys.stream(TestKeys.bytes("manifest")), signature, now);
    assertEquals(now, check.signedAt());
    assertEquals(keys.pair.keyId(), key.keyId());
    assertEquals(keys.pair.fingerprint(), key.fingerprint());
    assertEquals("Signer <signer@example.com>", key.userId());
    assertEquals(keys.pair.expires(), key.expires());
  }

  @Test
  void wrongPassphraseNamesTheKeyFile() {
    WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
        () -> SigningKey.load(keys.secretKey, "not it".toCharArray()));
    assertTrue(e.getMessage().contains(keys.secretKey.toString()), e.getMessage());
    assertEquals(keys.secretKey, e.file());
  }

  @Test
  void refusesFilesThatAreNotSecretKeys() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "just some notes\n");
    Path missing = dir.resolve("missing.key");

    KeyFileException notKey = assertThrows(KeyFileException.class,
        () -> SigningKey.load(text, TestKeys.PASSPHRASE));
    KeyFileException publicKey = assertThrows(KeyFileException.class,
        () -> SigningKey.load(keys.publicKey, TestKeys.PASSPHRASE));
    KeyFileException absent = assertThrows(KeyFileException.class,
        () -> SigningKey.load(missing, TestKeys.PASSPHRASE));

    assertTrue(notKey.getMessage().contains(text.toString()), notKey.getMessage());
    assertTrue(publicKey.getMessage().contains("holds a public key, not a secret key"),
        publicKey.getMessage());
    assertTrue(absent.getMessage().contains(missing.toString()), absent.getMessage());
  }

  @Test
  void refusesToSignWithAnExpiredKey() throws Exception {
    Instant created = Instant.now().minus(Duration.ofDays(3));
    TestKeys expired = TestKeys.create(dir, "Expired", created, Duration.ofDays(1));
    SigningKey key = expired.load();

    ExpiredKeyException e = assertThrows(ExpiredKeyException.class,
        () -> key.signDetached(TestKeys.stream(TestKeys.bytes("manifest"))));

    assertEquals(expired.pair.keyId(), e.keyId());
    assertTrue(e.getMessage().contains(expired.pair.keyId()), e.getMessage());
    assertTrue(e.getMessage().contains("Expired <expired@example.com>"), e.getMessage());
    assertTrue(e.getMessage().contains("expired on " + expired.pair.expires().toString()
        .substring(0, 10)), e.getMessage());
  }
}
