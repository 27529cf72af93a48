package io.ferry.signing.pgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/** Release keys written to a folder, for tests; key generation is fast, unlocking takes ~0.1 s. */
final class TestKeys {
  static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
  private static final ReleaseKeyGenerator GENERATOR = new ReleaseKeyGenerator();

  final GeneratedKeyPair pair;
  final Path secretKey;
  final Path publicKey;

  private TestKeys(GeneratedKeyPair pair, Path secretKey, Path publicKey) {
    this.pair = pair;
    this.secretKey = secretKey;
    this.publicKey = publicKey;
  }

  static TestKeys create(Path folder, String name, Instant created, Duration validity)
      throws IOException {
    String userId =
        ReleaseKeyGenerator.userId(name, name.toLowerCase(Locale.ROOT) + "@example.com");
    GeneratedKeyPair pair = GENERATOR.generate(userId, PASSPHRASE, created, validity);
    Path secretKey = folder.resolve(name + ".key");
    Path publicKey = folder.resolve(name + ".asc");
    pair.writeSecretKey(secretKey);
    pair.writePublicKey(publicKey);
    return new TestKeys(pair, secretKey, publicKey);
  }

  static TestKeys create(Path folder, String name) throws IOException {
    return create(folder, name, Instant.now(), Duration.ofDays(365));
  }

  SigningKey load() throws SigningException {
    return SigningKey.load(secretKey, PASSPHRASE);
  }

  SigningKey loadAt(Instant now) throws SigningException {
    return SigningKey.load(secretKey, PASSPHRASE, Clock.fixed(now, ZoneOffset.UTC));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static ByteArrayInputStream stream(byte[] data) {
    return new ByteArrayInputStream(data);
  }
}
