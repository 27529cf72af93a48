package io.ferry.signing.pgp;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * Generates release keys: one Ed25519 primary key that certifies and signs, in the OpenPGP v4
 * "EdDSA legacy" encoding (algorithm 22). That is the Ed25519 format GnuPG 2.2 understands; the
 * newer RFC 9580 Ed25519 format (algorithm 27) needs GnuPG 2.4 or later, which the hosts that
 * check bundles by hand (Debian 12) do not have.
 *
 * <p>Thread-safe: it holds only a {@link SecureRandom}, which is.
 */
public final class ReleaseKeyGenerator {
  /**
   * Iterated+salted S2K count, in OpenPGP's one-byte encoding: 0xE0 hashes 16 MiB per unlock
   * (about 0.1 s), in the range gpg-agent calibrates to, so guessing passphrases stays slow.
   */
  static final int S2K_COUNT = 0xE0;

  private static final long MAX_VALIDITY_SECONDS = 0xFFFFFFFFL; // the subpacket is 32 bits

  private final SecureRandom random;

  public ReleaseKeyGenerator() {
    this(new SecureRandom());
  }

  public ReleaseKeyGenerator(SecureRandom random) {
    this.random = random;
  }

  /** Spells a user ID the usual way: {@code NAME <EMAIL>}, or just NAME without an e-mail. */
  public static String userId(String name, String email) {
    if (email == null || email.isBlank()) {
      return name.strip();
    }
    return name.strip() + " <" + email.strip() + ">";
  }

  /** Generates a key created now; see {@link #generate(String, char[], Instant, Duration)}. */
  public GeneratedKeyPair generate(String userId, char[] passphrase, Duration validity) {
    return generate(userId, passphrase, Instant.now(), validity);
  }

  /**
   * Generates a release key.
   *
   * @param userId e.g. {@code Example Releases <releases@example.com>}
   * @param passphrase protects the secret key (AES-256, iterated+salted SHA-256 S2K); not kept
   * @param created the key's creation time, to the second (tests pass a past time to get an
   *     expired key)
   * @param validity how long after {@code created} the key expires, or null for never
   * @throws IllegalArgumentException if an argument is unusable (blank user ID, empty
   *     passphrase, a validity that is not positive or longer than OpenPGP can express)
   */
  public GeneratedKeyPair generate(
      String userId, char[] passphrase, Instant created, Duration validity) {
    requireUsable(userId, passphrase, validity);
    Date creationTime = Date.from(Instant.ofEpochSecond(created.getEpochSecond()));
    try {
      Ed25519KeyPairGenerator ed25519 = new Ed25519KeyPairGenerator();
      ed25519.init(new Ed25519KeyGenerationParameters(random));
      PGPKeyPair keyPair = new BcPGPKeyPair(
          PublicKeyAlgorithmTags.EDDSA_LEGACY, ed25519.generateKeyPair(), creationTime);

      PGPDigestCalculatorProvider digests = new BcPGPDigestCalculatorProvider();
      PBESecretKeyEncryptor protection = new BcPBESecretKeyEncryptorBuilder(
              SymmetricKeyAlgorithmTags.AES_256, digests.get(HashAlgorithmTags.SHA256), S2K_COUNT)
          .setSecureRandom(random)
          .build(passphrase);
      PGPKeyRingGenerator rings = new PGPKeyRingGenerator(
          PGPSignature.POSITIVE_CERTIFICATION,
          keyPair,
          userId,
          // RFC 4880 fixes SHA-1 for the integrity check of the encrypted secret key (S2K usage
          // 254); it is not used for anything an attacker could choose.
          digests.get(HashAlgorithmTags.SHA1),
          selfSignatureSubpackets(keyPair, creationTime, validity).generate(),
          null,
          new BcPGPContentSignerBuilder(
              PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512),
          protection);
      return new GeneratedKeyPair(
          rings.generateSecretKeyRing(), rings.generatePublicKeyRing(), userId, validity);
    } catch (PGPException e) {
      throw new IllegalStateException("Bouncy Castle could not generate an Ed25519 key", e);
    }
  }

  private static PGPSignatureSubpacketGenerator selfSignatureSubpackets(
      PGPKeyPair keyPair, Date created, Duration validity) {
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    // Dated at key creation rather than now, so a key made with a past creation time does not
    // carry a self-signature younger than itself.
    hashed.setSignatureCreationTime(false, created);
    hashed.setIssuerFingerprint(false, keyPair.getPublicKey());
    hashed.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
    hashed.setPrimaryUserID(false, true);
    hashed.setPreferredHashAlgorithms(false, new int[] {
        HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA256});
    hashed.setPreferredSymmetricAlgorithms(false, new int[] {
        SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
    hashed.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
    if (validity != null) {
      hashed.setKeyExpirationTime(false, validity.toSeconds());
    }
    return hashed;
  }

  private static void requireUsable(String userId, char[] passphrase, Duration validity) {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("the user ID is empty");
    }
    if (userId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("the user ID contains a line break or control character");
    }
    if (passphrase == null || passphrase.length == 0) {
      throw new IllegalArgumentException("a release key needs a passphrase");
    }
    if (validity != null
        && (validity.toSeconds() <= 0 || validity.toSeconds() > MAX_VALIDITY_SECONDS)) {
      throw new IllegalArgumentException(
          "the validity must be between 1 second and about 136 years, not " + validity);
    }
  }
}
