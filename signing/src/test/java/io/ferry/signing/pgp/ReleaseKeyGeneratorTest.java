package io.ferry.signing.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseKeyGeneratorTest {
  private final ReleaseKeyGenerator generator = new ReleaseKeyGenerator();

  @Test
  void keyIdsAreSpelledAsGpgPrintsThem() {
    Instant created = Instant.parse("2024-05-01T10:15:30.750Z");
    GeneratedKeyPair pair = generator.generate("Example Releases <releases@example.com>",
        TestKeys.PASSPHRASE, created, Duration.ofDays(2));

    assertTrue(pair.fingerprint().matches("[0-9A-F]{40}"), pair.fingerprint());
    assertEquals(pair.fingerprint().substring(24), pair.keyId());
    assertEquals("Example Releases <releases@example.com>", pair.userId());
    assertEquals(Instant.parse("2024-05-01T10:15:30Z"), pair.created(), "OpenPGP keeps seconds");
    assertEquals(Instant.parse("2024-05-03T10:15:30Z"), pair.expires());
  }

  @Test
  void keyWithoutValidityNeverExpires(@TempDir Path dir) throws Exception {
    GeneratedKeyPair pair = generator.generate("Releases", TestKeys.PASSPHRASE, null);
    pair.writePublicKey(dir.resolve("k.asc"));

    assertNull(pair.expires());
    assertNull(TrustStore.load(dir.resolve("k.asc")).keys().get(0).expires());
    assertEquals("Releases", TrustStore.load(dir.resolve("k.asc")).keys().get(0).userId());
  }

  @Test
  void writesArmouredFilesAndKeepsTheSecretKeyPrivate(@TempDir Path dir) throws Exception {
    GeneratedKeyPair pair = generator.generate("Releases", TestKeys.PASSPHRASE, Duration.ofDays(1));
    Path secret = dir.resolve("release.key");
    Path pub = dir.resolve("release.asc");
    pair.writeSecretKey(secret);
    pair.writePublicKey(pub);

    String secretText = Files.readString(secret, StandardCharsets.US_ASCII);
    assertTrue(secretText.startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"), secretText);
    assertTrue(Files.readString(pub).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("release.asc", "release.key"),
          files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary files left");
    }
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
  }

  @Test
  void neverOverwritesASecretKey(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("release.key");
    generator.generate("First", TestKeys.PASSPHRASE, null).writeSecretKey(secret);
    byte[] first = Files.readAllBytes(secret);

    GeneratedKeyPair second = generator.generate("Second", TestKeys.PASSPHRASE, null);
    assertThrows(FileAlreadyExistsException.class, () -> second.writeSecretKey(secret));
    assertEquals(new String(first, StandardCharsets.US_ASCII), Files.readString(secret));
  }

  @Test
  void refusesUnusableArguments() {
    assertThrows(IllegalArgumentException.class,
        () -> generator.generate(" ", TestKeys.PASSPHRASE, null));
    assertThrows(IllegalArgumentException.class,
        () -> generator.generate("Releases", new char[0], null));
    assertThrows(IllegalArgumentException.class,
        () -> generator.generate("Releases\nEvil", TestKeys.PASSPHRASE, null));
    assertThrows(IllegalArgumentException.class,
        () -> generator.generate("Releases", TestKeys.PASSPHRASE, Duration.ZERO));
  }

  @Test
  void spellsUserIds() {
    assertEquals("Ann <ann@example.com>", ReleaseKeyGenerator.userId(" Ann ", "ann@example.com"));
    assertEquals("Ann", ReleaseKeyGenerator.userId("Ann", ""));
    assertEquals("Ann", ReleaseKeyGenerator.userId("Ann", null));
  }
}
