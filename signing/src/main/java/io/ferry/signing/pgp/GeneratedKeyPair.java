package io.ferry.signing.pgp;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/**
 * A newly generated release key: the passphrase-protected secret key for the release engineers,
 * the public key for installers' trust stores.
 *
 * <p>Immutable and thread-safe. The secret key stays encrypted in memory; only {@link
 * SigningKey#load} decrypts it.
 */
public final class GeneratedKeyPair {
  private final PGPSecretKeyRing secretKey;
  private final PGPPublicKeyRing publicKey;
  private final String userId;
  private final Instant expires;

  GeneratedKeyPair(
      PGPSecretKeyRing secretKey, PGPPublicKeyRing publicKey, String userId, Duration validity) {
    this.secretKey = secretKey;
    this.publicKey = publicKey;
    this.userId = userId;
    this.expires = validity == null ? null : created().plusSeconds(validity.toSeconds());
  }

  /**
   * Writes the armoured secret key ({@code -----BEGIN PGP PRIVATE KEY BLOCK-----}), readable by
   * the owner only where the file system has POSIX modes. Never overwrites a file.
   *
   * @throws FileAlreadyExistsException if {@code file} exists
   */
  public void writeSecretKey(Path file) throws IOException {
    AtomicFiles.writeSecret(file, Armour.encode(secretKey::encode));
  }

  /** Writes the armoured public key ({@code -----BEGIN PGP PUBLIC KEY BLOCK-----}). */
  public void writePublicKey(Path file) throws IOException {
    AtomicFiles.write(file, armouredPublicKey());
  }

  /** The armoured public key, as {@link #writePublicKey} writes it. */
  public byte[] armouredPublicKey() {
    return Armour.encode(publicKey::encode);
  }

  /** 16 upper-case hex digits, as {@code gpg --keyid-format long} prints it. */
  public String keyId() {
    return KeyIds.keyId(publicKey.getPublicKey().getKeyID());
  }

  /** 40 upper-case hex digits. */
  public String fingerprint() {
    return KeyIds.fingerprint(publicKey.getPublicKey().getFingerprint());
  }

  public String userId() {
    return userId;
  }

  public Instant created() {
    return publicKey.getPublicKey().getCreationTime().toInstant();
  }

  /** When the key expires, or null if it never does. */
  public Instant expires() {
    return expires;
  }
}
