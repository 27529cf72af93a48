package io.ferry.signing.pgp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The release keys an installer trusts: one public key file, or a folder of {@code *.asc}, {@code
 * *.gpg} and {@code *.pub} files (armoured or binary, one or more keys each). It answers one
 * question: was this data signed by one of these keys, while the key was valid?
 *
 * <p>Only self-signatures that verify count, so user IDs, expiry dates, revocations and signing
 * subkeys are the ones the key owner made, as gpg reads them.
 *
 * <p>Thread-safe: immutable after {@link #load}; each verification works on its own objects.
 */
public final class TrustStore {
  private static final int BUFFER_SIZE = 64 * 1024;

  private record Entry(Certificate certificate, Certificate.Signer signer) {}

  private final Path path;
  private final List<Certificate> certificates;
  private final Map<Long, Entry> signers;

  private TrustStore(Path path, List<Certificate> certificates) throws TrustStoreException {
    this.path = path;
    this.certificates = List.copyOf(certificates);
    this.signers = new HashMap<>();
    for (Certificate certificate : certificates) {
      for (Certificate.Signer signer : certificate.signers()) {
        Entry clash = signers.put(signer.key().getKeyID(), new Entry(certificate, signer));
        if (clash != null) {
          // Different keys with one 64-bit id are made on purpose, never by chance.
          throw new TrustStoreException(path, "the trust store " + path + " holds two keys with "
              + "the id " + signer.keyId() + " (" + clash.certificate().userId() + " and "
              + certificate.userId() + ")");
        }
      }
    }
  }

  /**
   * Reads a trust store.
   *
   * @param fileOrFolder a public key file, or a folder of them
   * @throws TrustStoreException if it does not exist, holds no public key, or a file in it is not
   *     a public key file
   */
  public static TrustStore load(Path fileOrFolder) throws TrustStoreException {
    return new TrustStore(fileOrFolder, TrustStoreLoader.load(fileOrFolder));
  }

  /** The file or folder this store was read from. */
  public Path path() {
    return path;
  }

  /** The release keys, in file order. */
  public List<TrustedKey> keys() {
    return certificates.stream().map(Certificate::describe).toList();
  }

  /**
   * Checks a detached signature over {@code signedData}. The signer and its validity are checked
   * first, so an untrusted or expired signature is refused without reading the data; the data is
   * then streamed (read to its end, not closed), never held in memory.
   *
   * @param detachedSignature armoured or binary, as {@code gpg --detach-sign [--armor]} writes
   * @param now the time at which the signing key must be valid
   * @throws UntrustedKeyException if no signature in the file is by a key in this store
   * @throws ExpiredKeyException if the signing key has expired or was revoked by {@code now}
   * @throws BadSignatureException if the signature does not match the data, or is not a usable
   *     signature at all
   * @throws IOException if reading {@code signedData} fails
   */
  public SignatureCheck verify(InputStream signedData, byte[] detachedSignature, Instant now)
      throws UntrustedKeyException, ExpiredKeyException, BadSignatureException, IOException {
    List<PGPSignature> signatures = DetachedSignature.read(detachedSignature);
    PGPSignature signature = null;
    Entry entry = null;
    for (PGPSignature candidate : signatures) {
      entry = find(candidate);
      if (entry != null) {
        signature = candidate;
        break;
      }
    }
    if (entry == null) {
      throw refuseUnknownSigner(signatures.get(0));
    }
    DetachedSignature.requireUsable(signature);
    entry.certificate().requireValid(entry.signer(), now);
    try {
      signature.init(new BcPGPContentVerifierBuilderProvider(), entry.signer().key());
    } catch (PGPException e) {
      throw new BadSignatureException("cannot check a signature by key " + entry.signer().keyId()
          + ": " + e.getMessage(), e);
    }
    byte[] buffer = new byte[BUFFER_SIZE];
    for (int n = signedData.read(buffer); n >= 0; n = signedData.read(buffer)) {
      signature.update(buffer, 0, n);
    }
    if (!matches(signature)) {
      throw new BadSignatureException(BadSignatureException.DOES_NOT_MATCH);
    }
    return new SignatureCheck(entry.signer().keyId(), entry.signer().fingerprint(),
        entry.certificate().userId(), signature.getCreationTime().toInstant());
  }

  /** Throws if the key is in the store but may not sign; otherwise returns what to throw. */
  private UntrustedKeyException refuseUnknownSigner(PGPSignature signature)
      throws BadSignatureException {
    long issuer = DetachedSignature.issuerKeyId(signature);
    String keyId = KeyIds.keyId(issuer);
    for (Certificate certificate : certificates) {
      if (certificate.holds(issuer)) {
        throw new BadSignatureException("the signature was made by key " + keyId + " of "
            + certificate.userId() + ", which its owner did not allow to sign files");
      }
    }
    return new UntrustedKeyException(keyId, path);
  }

  private Entry find(PGPSignature signature) {
    Entry entry = signers.get(DetachedSignature.issuerKeyId(signature));
    // The key id is only a hint; where the signature names the full fingerprint, it must agree.
    if (entry != null && !Certificate.issuedBy(signature, entry.signer().key())) {
      return null;
    }
    return entry;
  }

  private static boolean matches(PGPSignature signature) throws BadSignatureException {
    try {
      return signature.verify();
    } catch (PGPException | RuntimeException e) {
      // Malformed signature values (wrong length, not on the curve) are not a mismatch of data
      // but a broken signature; say so rather than blame the data.
      throw new BadSignatureException("the signature is damaged: " + e.getMessage(), e);
    }
  }
}
