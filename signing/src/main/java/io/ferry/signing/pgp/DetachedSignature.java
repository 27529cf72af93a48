package io.ferry.signing.pgp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;

/** Reads the signatures in a detached signature file and judges them before any data is read. */
final class DetachedSignature {
  /** SHA-1, MD5 and RIPEMD-160 are refused: a release is signed once and trusted for years. */
  private static final Set<Integer> STRONG_HASHES = Set.of(
      HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512,
      HashAlgorithmTags.SHA224, HashAlgorithmTags.SHA3_256, HashAlgorithmTags.SHA3_512);

  private DetachedSignature() {}

  /** The signatures in {@code bytes} (armoured or binary), in file order; never empty. */
  static List<PGPSignature> read(byte[] bytes) throws BadSignatureException {
    if (bytes == null || bytes.length == 0) {
      throw new BadSignatureException("the signature is empty");
    }
    List<Object> objects;
    try {
      objects = PgpObjects.read(bytes);
    } catch (IOException e) {
      throw new BadSignatureException("the signature is not an OpenPGP signature", e);
    }
    List<PGPSignature> signatures = new ArrayList<>();
    for (Object object : objects) {
      if (object instanceof PGPSignatureList list) {
        list.forEach(signatures::add);
      }
    }
    if (signatures.isEmpty()) {
      throw new BadSignatureException(objects.isEmpty()
          ? "the signature is not an OpenPGP signature"
          : "the signature file holds " + PgpObjects.describe(objects.get(0))
              + ", not a detached signature");
    }
    return signatures;
  }

  /** Refuses signatures that could verify yet prove less than a binary SHA-2 signature. */
  static void requireUsable(PGPSignature signature) throws BadSignatureException {
    int type = signature.getSignatureType();
    if (type == PGPSignature.CANONICAL_TEXT_DOCUMENT) {
      throw new BadSignatureException("the signature was made in text mode; sign the file in "
          + "binary mode (gpg --detach-sign without --textmode)");
    }
    if (type != PGPSignature.BINARY_DOCUMENT) {
      throw new BadSignatureException(String.format(
          "the signature is of type 0x%02x, not a signature over a file", type));
    }
    if (!STRONG_HASHES.contains(signature.getHashAlgorithm())) {
      throw new BadSignatureException("the signature uses the weak hash algorithm "
          + hashName(signature.getHashAlgorithm()) + "; sign with SHA-256 or SHA-512");
    }
  }

  /**
   * The issuer's key id, from the issuer subpacket or else from the issuer fingerprint (a v4 key
   * id is the fingerprint's last 8 bytes); RFC 9580 lets signers omit the former. 0 if neither.
   */
  static long issuerKeyId(PGPSignature signature) {
    long keyId = signature.getKeyID();
    byte[] fingerprint = Certificate.issuerFingerprint(signature);
    if (keyId == 0 && fingerprint != null && fingerprint.length == 20) {
      keyId = ByteBuffer.wrap(fingerprint, 12, 8).getLong();
    }
    return keyId;
  }

  private static String hashName(int algorithm) {
    return switch (algorithm) {
      case HashAlgorithmTags.MD5 -> "MD5";
      case HashAlgorithmTags.SHA1 -> "SHA-1";
      case HashAlgorithmTags.RIPEMD160 -> "RIPEMD-160";
      default -> "number " + algorithm;
    };
  }
}
