package io.ferry.signing.pgp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * An unlocked release key that makes detached signatures gpg accepts ({@code gpg --verify sig
 * data}). Reads keys written by {@link GeneratedKeyPair#writeSecretKey} and by {@code gpg
 * --export-secret-keys}. It signs with the primary key if that may sign, else with the first
 * valid signing subkey whose secret part is in the file.
 *
 * <p>Thread-safe: immutable, and every signature gets its own Bouncy Castle generator.
 */
public final class SigningKey {
  private static final int BUFFER_SIZE = 64 * 1024;
  private static final int HASH = HashAlgorithmTags.SHA512;

  private final Certificate certificate;
  private final Certificate.Signer signer;
  private final PGPPrivateKey privateKey;
  private final Clock clock;

  private SigningKey(
      Certificate certificate, Certificate.Signer signer, PGPPrivateKey privateKey, Clock clock) {
    this.certificate = certificate;
    this.signer = signer;
    this.privateKey = privateKey;
    this.clock = clock;
  }

  /** Loads and unlocks a secret key; signatures are dated by the system clock. */
  public static SigningKey load(Path armouredSecretKey, char[] passphrase)
      throws KeyFileException, WrongPassphraseException {
    return load(armouredSecretKey, passphrase, Clock.systemUTC());
  }

  /**
   * Loads and unlocks a secret key (armoured or binary).
   *
   * @param passphrase may be null or empty for a key without a passphrase; not kept
   * @param clock dates the signatures and decides whether the key has expired
   * @throws WrongPassphraseException if the passphrase does not unlock the key
   * @throws KeyFileException if the file is unreadable or holds no usable secret key
   */
  public static SigningKey load(Path armouredSecretKey, char[] passphrase, Clock clock)
      throws KeyFileException, WrongPassphraseException {
    Path file = armouredSecretKey;
    PGPSecretKeyRing ring = readRing(file);
    Certificate certificate;
    try {
      certificate = Certificate.of(ring.getPublicKeys());
    } catch (UnusableKeyException e) {
      throw new KeyFileException(file, file + ": " + e.getMessage(), e);
    }
    Certificate.Signer signer = chooseSigner(file, ring, certificate, clock.instant());
    PGPSecretKey secret = ring.getSecretKey(signer.key().getKeyID());
    PGPPrivateKey privateKey = unlock(file, secret, passphrase == null ? new char[0] : passphrase);
    return new SigningKey(certificate, signer, privateKey, clock);
  }

  private static PGPSecretKeyRing readRing(Path file) throws KeyFileException {
    List<Object> objects;
    try {
      objects = PgpObjects.read(PgpObjects.readFile(file));
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot read the secret key file " + file + ": "
          + e.getMessage(), e);
    }
    List<PGPSecretKeyRing> rings = objects.stream()
        .filter(PGPSecretKeyRing.class::isInstance)
        .map(PGPSecretKeyRing.class::cast)
        .toList();
    if (rings.size() == 1) {
      return rings.get(0);
    }
    if (rings.size() > 1) {
      throw new KeyFileException(file, file + " holds " + rings.size()
          + " secret keys, so it is not clear which one should sign");
    }
    if (objects.isEmpty()) {
      throw new KeyFileException(file, file + " holds no OpenPGP key");
    }
    throw new KeyFileException(file, file + " holds " + PgpObjects.describe(objects.get(0))
        + ", not a secret key");
  }

  /** Prefers a key valid now, so that an expired old signing subkey does not hide a new one. */
  private static Certificate.Signer chooseSigner(
      Path file, PGPSecretKeyRing ring, Certificate certificate, Instant now)
      throws KeyFileException {
    Certificate.Signer fallback = null;
    for (Certificate.Signer candidate : certificate.signers()) {
      PGPSecretKey secret = ring.getSecretKey(candidate.key().getKeyID());
      if (secret == null || secret.isPrivateKeyEmpty()) {
        continue; // a gpg stub: the secret part lives on a smartcard or was not exported
      }
      try {
        certificate.requireValid(candidate, now);
        return candidate;
      } catch (ExpiredKeyException e) {
        if (fallback == null) {
          fallback = candidate; // signDetached will refuse it with the reason
        }
      }
    }
    if (fallback == null) {
      throw new KeyFileException(file, file + " holds no secret key that may sign (key "
          + certificate.keyId() + " may be a gpg stub whose secret part is on a smartcard)");
    }
    return fallback;
  }

  private static PGPPrivateKey unlock(Path file, PGPSecretKey secret, char[] passphrase)
      throws KeyFileException, WrongPassphraseException {
    boolean protectedKey = secret.getS2KUsage() != 0;
    PGPPrivateKey privateKey;
    try {
      privateKey = secret.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(
              new BcPGPDigestCalculatorProvider()).build(passphrase));
    } catch (PGPException | RuntimeException e) {
      if (protectedKey) {
        throw new WrongPassphraseException(file, e);
      }
      throw new KeyFileException(file, "the secret key in " + file + " is damaged: " + e, e);
    }
    // A wrong passphrase slips past the 16-bit checksum of older keys (S2K usage 255) once in
    // 65536 tries and then yields a garbage key; a test signature catches that, and damage.
    if (!signsLikeItsPublicKey(privateKey, secret.getPublicKey())) {
      if (protectedKey) {
        throw new WrongPassphraseException(file, null);
      }
      throw new KeyFileException(file, "the secret key in " + file
          + " does not match its public key");
    }
    return privateKey;
  }

  private static boolean signsLikeItsPublicKey(PGPPrivateKey privateKey, PGPPublicKey publicKey) {
    byte[] probe = "ferry key check".getBytes(StandardCharsets.US_ASCII);
    try {
      PGPSignatureGenerator generator = new PGPSignatureGenerator(
          new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HASH));
      generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      generator.update(probe);
      PGPSignature signature = generator.generate();
      signature.init(new BcPGPContentVerifierBuilderProvider(), publicKey);
      signature.update(probe);
      return signature.verify();
    } catch (PGPException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Signs {@code data} (read to its end, not closed) and returns an ASCII-armoured detached
   * binary-mode signature ({@code -----BEGIN PGP SIGNATURE-----}), SHA-512, dated now.
   *
   * @throws ExpiredKeyException if the key has expired or was revoked
   * @throws IOException if reading {@code data} fails
   */
  public byte[] signDetached(InputStream data) throws ExpiredKeyException, IOException {
    Instant now = clock.instant();
    certificate.requireValid(signer, now);
    PGPSignatureGenerator generator = new PGPSignatureGenerator(
        new BcPGPContentSignerBuilder(signer.key().getAlgorithm(), HASH));
    try {
      generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, Date.from(now));
      // Lets verifiers find the key by its full fingerprint; 8-byte key ids can be made to collide.
      hashed.setIssuerFingerprint(false, signer.key());
      generator.setHashedSubpackets(hashed.generate());
      byte[] buffer = new byte[BUFFER_SIZE];
      for (int n = data.read(buffer); n >= 0; n = data.read(buffer)) {
        generator.update(buffer, 0, n);
      }
      PGPSignature signature = generator.generate();
      return Armour.encode(signature::encode);
    } catch (PGPException e) {
      throw new IllegalStateException("Bouncy Castle could not sign with key " + keyId(), e);
    }
  }

  /** The id of the key that signs (a subkey if the release key has a signing subkey). */
  public String keyId() {
    return signer.keyId();
  }

  public String fingerprint() {
    return signer.fingerprint();
  }

  public String userId() {
    return certificate.userId();
  }

  /** When the signing key expires, or null if it never does. */
  public Instant expires() {
    Instant primary = certificate.expires();
    Instant own = signer.expires();
    if (primary == null || own == null) {
      return primary == null ? own : primary;
    }
    return primary.isBefore(own) ? primary : own;
  }
}
