package io.ferry.signing.pgp;

import static io.ferry.signing.pgp.TestKeys.bytes;
import static io.ferry.signing.pgp.TestKeys.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {
  private static final byte[] MANIFEST = bytes("{\"release\":\"1.4.2\",\"blobs\":[]}\n");

  @TempDir static Path dir;
  static TestKeys alice;
  static TestKeys bob;
  static byte[] aliceSignature;
  static byte[] bobSignature;

  @BeforeAll
  static void generate() throws Exception {
    alice = TestKeys.create(dir, "Alice");
    bob = TestKeys.create(dir, "Bob");
    aliceSignature = alice.load().signDetached(stream(MANIFEST));
    bobSignature = bob.load().signDetached(stream(MANIFEST));
  }

  @Test
  void verifiesASignatureByATrustedKey() throws Exception {
    Instant before = Instant.now();
    TrustStore store = TrustStore.load(alice.publicKey);

    SignatureCheck check = store.verify(stream(MANIFEST), aliceSignature, Instant.now());

    assertEquals(alice.pair.keyId(), check.keyId());
    assertEquals(alice.pair.fingerprint(), check.fingerprint());
    assertEquals("Alice <alice@example.com>", check.userId());
    assertFalse(check.signedAt().isAfter(before), "signed in @BeforeAll, before this test");
  }

  @Test
  void refusesTamperedData() throws Exception {
    TrustStore store = TrustStore.load(alice.publicKey);
    byte[] tampered = MANIFEST.clone();
    tampered[12] ^= 1;

    BadSignatureException e = assertThrows(BadSignatureException.class,
        () -> store.verify(stream(tampered), aliceSignature, Instant.now()));
    assertEquals("signature does not match the data", e.getMessage());
  }

  @Test
  void refusesASignatureByAKeyNotInTheStore() throws Exception {
    TrustStore store = TrustStore.load(alice.publicKey);

    UntrustedKeyException e = assertThrows(UntrustedKeyException.class,
        () -> store.verify(stream(MANIFEST), bobSignature, Instant.now()));

    assertEquals(bob.pair.keyId(), e.keyId());
    assertTrue(e.getMessage().contains(bob.pair.keyId()), e.getMessage());
    assertTrue(e.getMessage().contains("not in the trust store at " + alice.publicKey),
        e.getMessage());
  }

  @Test
  void refusesAKeyThatHasExpired() throws Exception {
    Instant created = Instant.now().minus(Duration.ofDays(3));
    TestKeys old = TestKeys.create(dir, "Old", created, Duration.ofDays(1));
    Instant whileValid = created.plus(Duration.ofHours(12));
    byte[] signature = old.loadAt(whileValid).signDetached(stream(MANIFEST));
    TrustStore store = TrustStore.load(old.publicKey);

    ExpiredKeyException e = assertThrows(ExpiredKeyException.class,
        () -> store.verify(stream(MANIFEST), signature, Instant.now()));

    assertEquals(old.pair.keyId(), e.keyId());
    assertEquals("Old <old@example.com>", e.userId());
    assertEquals(old.pair.expires(), e.since());
    assertFalse(e.revoked());
    assertTrue(e.getMessage().contains(old.pair.keyId()), e.getMessage());
    assertTrue(e.getMessage().contains("Old <old@example.com>"), e.getMessage());
    assertTrue(e.getMessage().contains("expired on " + old.pair.expires().toString()
        .substring(0, 10)), e.getMessage());
    // The same signature was fine while the key was valid.
    assertEquals(old.pair.keyId(),
        store.verify(stream(MANIFEST), signature, whileValid.plusSeconds(60)).keyId());
  }

  @Test
  void folderOfKeysVerifiesSignaturesOfEach() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("trusted"));
    Files.copy(alice.publicKey, folder.resolve("alice.asc"));
    Files.write(folder.resolve("bob.gpg"), dearmour(Files.readAllBytes(bob.publicKey)));
    Files.writeString(folder.resolve("README.txt"), "put release keys here\n");

    TrustStore store = TrustStore.load(folder);

    assertEquals(List.of(alice.pair.keyId(), bob.pair.keyId()),
        store.keys().stream().map(TrustedKey::keyId).toList());
    assertEquals(alice.pair.keyId(), store.verify(stream(MANIFEST), aliceSignature,
        Instant.now()).keyId());
    assertEquals(bob.pair.keyId(), store.verify(stream(MANIFEST), bobSignature,
        Instant.now()).keyId());
  }

  @Test
  void oneFileMayHoldSeveralArmouredKeys() throws Exception {
    Path both = dir.resolve("both.asc");
    Files.write(both,
        concat(Files.readAllBytes(alice.publicKey), Files.readAllBytes(bob.publicKey)));

    TrustStore store = TrustStore.load(both);

    assertEquals(2, store.keys().size());
    store.verify(stream(MANIFEST), bobSignature, Instant.now());
  }

  @Test
  void listsKeysWithTheirDates() throws Exception {
    TrustedKey key = TrustStore.load(alice.publicKey).keys().get(0);

    assertEquals(alice.pair.keyId(), key.keyId());
    assertEquals(alice.pair.fingerprint(), key.fingerprint());
    assertEquals(alice.pair.userId(), key.userId());
    assertEquals(alice.pair.created(), key.created());
    assertEquals(alice.pair.expires(), key.expires());
  }

  @Test
  void acceptsBinarySignatures() throws Exception {
    TrustStore store = TrustStore.load(alice.publicKey);

    store.verify(stream(MANIFEST), dearmour(aliceSignature), Instant.now());
  }

  @Test
  void refusesGarbageAsASignature() throws Exception {
    TrustStore store = TrustStore.load(alice.publicKey);

    for (byte[] garbage : List.of(bytes("not a signature at all\n"), new byte[] {(byte) 0x89, 1, 2},
        new byte[0], Files.readAllBytes(alice.publicKey))) {
      BadSignatureException e = assertThrows(BadSignatureException.class,
          () -> store.verify(stream(MANIFEST), garbage, Instant.now()));
      assertNotEquals(BadSignatureException.DOES_NOT_MATCH, e.getMessage());
    }
  }

  @Test
  void refusesADamagedSignature() throws Exception {
    TrustStore store = TrustStore.load(alice.publicKey);
    byte[] damaged = dearmour(aliceSignature);
    damaged[damaged.length - 5] ^= 0x40; // inside the signature value

    assertThrows(BadSignatureException.class,
        () -> store.verify(stream(MANIFEST), damaged, Instant.now()));
  }

  @Test
  void streamsLargeData() throws Exception {
    long size = 64L << 20;
    byte[] signature = alice.load().signDetached(new PatternStream(size));
    TrustStore store = TrustStore.load(alice.publicKey);

    store.verify(new PatternStream(size), signature, Instant.now());
    assertThrows(BadSignatureException.class,
        () -> store.verify(new PatternStream(size - 1), signature, Instant.now()));
  }

  @Test
  void refusesAnEmptyOrMissingStore() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path missing = dir.resolve("missing");

    TrustStoreException noKeys = assertThrows(TrustStoreException.class,
        () -> TrustStore.load(empty));
    TrustStoreException absent = assertThrows(TrustStoreException.class,
        () -> TrustStore.load(missing));

    assertTrue(noKeys.getMessage().contains(empty.toString()), noKeys.getMessage());
    assertTrue(absent.getMessage().contains(missing.toString()), absent.getMessage());
  }

  @Test
  void refusesKeyFilesThatAreNotPublicKeys() throws Exception {
    Path withGarbage = Files.createDirectory(dir.resolve("garbage"));
    Path garbage = Files.writeString(withGarbage.resolve("vendor.asc"), "hello\n");
    Path withSecret = Files.createDirectory(dir.resolve("secret"));
    Path secret = Files.copy(alice.secretKey, withSecret.resolve("alice.asc"));

    TrustStoreException notKey = assertThrows(TrustStoreException.class,
        () -> TrustStore.load(withGarbage));
    TrustStoreException secretKey = assertThrows(TrustStoreException.class,
        () -> TrustStore.load(withSecret));

    assertTrue(notKey.getMessage().contains(garbage.toString()), notKey.getMessage());
    assertEquals(garbage, notKey.path());
    assertTrue(secretKey.getMessage().contains(secret + " holds a secret key"),
        secretKey.getMessage());
  }

  static byte[] dearmour(byte[] armoured) throws Exception {
    try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armoured))) {
      return in.readAllBytes();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  /** {@code size} bytes of a repeating pattern, made up on the fly: never all in memory. */
  static final class PatternStream extends InputStream {
    private long remaining;

    PatternStream(long size) {
      this.remaining = size;
    }

    @Override
    public int read() {
      return remaining-- > 0 ? (int) (remaining % 251) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) (--remaining % 251);
      }
      return n;
    }
  }
}
