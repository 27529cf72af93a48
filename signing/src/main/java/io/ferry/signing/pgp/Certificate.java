package io.ferry.signing.pgp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * An OpenPGP certificate (primary key, user IDs, subkeys) read the way gpg reads it: only
 * self-signatures that verify count, so the user ID, the expiry and the keys allowed to sign data
 * come from signatures the key owner really made, not from whatever packets a file contains.
 *
 * <p>Immutable once built, hence thread-safe. Building it calls {@code init} on the signature
 * objects inside the Bouncy Castle keys; that mutation is confined to the constructor.
 */
final class Certificate {
  /** A key of this certificate that may make data signatures, with its own validity. */
  record Signer(PGPPublicKey key, Instant expires, Instant revoked) {
    String keyId() {
      return KeyIds.keyId(key.getKeyID());
    }

    String fingerprint() {
      return KeyIds.fingerprint(key.getFingerprint());
    }
  }

  private static final PGPContentVerifierBuilderProvider VERIFIERS =
      new BcPGPContentVerifierBuilderProvider();

  private final PGPPublicKey primary;
  private final String userId;
  private final Instant expires;
  private final Instant revoked;
  private final List<Signer> signers;
  private final Set<Long> keyIds;

  private Certificate(PGPPublicKey primary, String userId, Instant expires, Instant revoked,
      List<Signer> signers, Set<Long> keyIds) {
    this.primary = primary;
    this.userId = userId;
    this.expires = expires;
    this.revoked = revoked;
    this.signers = List.copyOf(signers);
    this.keyIds = Set.copyOf(keyIds);
  }

  /** Reads a certificate from its keys, the primary key first (as key rings iterate). */
  static Certificate of(Iterator<PGPPublicKey> keys) throws UnusableKeyException {
    PGPPublicKey primary = keys.next();
    String primaryId = KeyIds.keyId(primary.getKeyID());
    UserIdBinding binding = UserIdBinding.best(primary);
    PGPSignature directKey =
        newest(primary, PGPSignature.DIRECT_KEY, primary, s -> s.verifyCertification(primary));
    if (binding == null && directKey == null) {
      throw new UnusableKeyException("key " + primaryId + " has no valid self-signature");
    }
    List<PGPSignature> selfSignatures = new ArrayList<>();
    if (binding != null) {
      selfSignatures.add(binding.signature());
    }
    if (directKey != null) {
      selfSignatures.add(directKey);
    }
    selfSignatures.sort((a, b) -> b.getCreationTime().compareTo(a.getCreationTime()));

    Instant expires =
        expiry(primary, newestWith(selfSignatures, SignatureSubpacketTags.KEY_EXPIRE_TIME));
    Instant revoked = revocation(
        primary, PGPSignature.KEY_REVOCATION, primary, s -> s.verifyCertification(primary));
    List<Signer> signers = new ArrayList<>();
    Set<Long> keyIds = new HashSet<>(Set.of(primary.getKeyID()));
    PGPSignature flagsSource = newestWith(selfSignatures, SignatureSubpacketTags.KEY_FLAGS);
    // Keys older than the key-flags subpacket may sign with their primary key, as gpg allows.
    if (flagsSource == null || hasFlag(flagsSource, KeyFlags.SIGN_DATA)) {
      signers.add(new Signer(primary, expires, revoked));
    }
    while (keys.hasNext()) {
      PGPPublicKey key = keys.next();
      keyIds.add(key.getKeyID());
      Signer subkey = signingSubkey(primary, key);
      if (subkey != null) {
        signers.add(subkey);
      }
    }
    String userId = binding == null ? "no user ID" : binding.userId();
    return new Certificate(primary, userId, expires, revoked, signers, keyIds);
  }

  /**
   * A subkey may sign data if the primary key bound it with the sign flag and the subkey signed
   * back (the embedded primary-key binding signature); without that back-signature anyone could
   * attach someone else's signing subkey to their own certificate, so gpg ignores such subkeys
   * and so do we.
   */
  private static Signer signingSubkey(PGPPublicKey primary, PGPPublicKey subkey) {
    PGPSignature binding = newest(
        subkey, PGPSignature.SUBKEY_BINDING, primary, s -> s.verifyCertification(primary, subkey));
    if (binding == null || !hasFlag(binding, KeyFlags.SIGN_DATA)) {
      return null;
    }
    if (!hasValidBackSignature(binding, primary, subkey)) {
      return null;
    }
    Instant revoked = revocation(subkey, PGPSignature.SUBKEY_REVOCATION, primary,
        s -> s.verifyCertification(primary, subkey));
    return new Signer(subkey, expiry(subkey, binding), revoked);
  }

  private static boolean hasValidBackSignature(
      PGPSignature binding, PGPPublicKey primary, PGPPublicKey subkey) {
    for (PGPSignatureSubpacketVector packets :
        Arrays.asList(binding.getHashedSubPackets(), binding.getUnhashedSubPackets())) {
      if (packets == null) {
        continue;
      }
      PGPSignatureList embedded;
      try {
        embedded = packets.getEmbeddedSignatures();
      } catch (PGPException e) {
        continue;
      }
      for (PGPSignature back : embedded) {
        if (back.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING
            && verifies(back, subkey, s -> s.verifyCertification(primary, subkey))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasFlag(PGPSignature selfSignature, int flag) {
    PGPSignatureSubpacketVector hashed = selfSignature.getHashedSubPackets();
    return hashed != null && (hashed.getKeyFlags() & flag) != 0;
  }

  private static Instant expiry(PGPPublicKey key, PGPSignature selfSignature) {
    if (selfSignature == null || selfSignature.getHashedSubPackets() == null) {
      return null;
    }
    long seconds = selfSignature.getHashedSubPackets().getKeyExpirationTime();
    return seconds <= 0 ? null : key.getCreationTime().toInstant().plusSeconds(seconds);
  }

  private static PGPSignature newestWith(List<PGPSignature> newestFirst, int subpacketTag) {
    for (PGPSignature signature : newestFirst) {
      PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
      if (hashed != null && hashed.hasSubpacket(subpacketTag)) {
        return signature;
      }
    }
    return null;
  }

  private static Instant revocation(
      PGPPublicKey key, int type, PGPPublicKey issuer, Verification verification) {
    Instant earliest = null;
    for (Iterator<PGPSignature> it = key.getSignaturesOfType(type); it.hasNext(); ) {
      PGPSignature signature = it.next();
      Instant at = signature.getCreationTime().toInstant();
      if ((earliest == null || at.isBefore(earliest))
          && issuedBy(signature, issuer)
          && verifies(signature, issuer, verification)) {
        earliest = at;
      }
    }
    return earliest;
  }

  /** The newest signature of {@code type} on {@code key} made by {@code issuer} that verifies. */
  private static PGPSignature newest(
      PGPPublicKey key, int type, PGPPublicKey issuer, Verification verification) {
    PGPSignature newest = null;
    for (Iterator<PGPSignature> it = key.getSignaturesOfType(type); it.hasNext(); ) {
      PGPSignature signature = it.next();
      if ((newest == null || signature.getCreationTime().after(newest.getCreationTime()))
          && issuedBy(signature, issuer)
          && verifies(signature, issuer, verification)) {
        newest = signature;
      }
    }
    return newest;
  }

  interface Verification {
    boolean check(PGPSignature initialisedSignature) throws PGPException;
  }

  /**
   * Whether {@code signature} verifies against {@code issuer}. Any failure, including algorithms
   * Bouncy Castle does not know, means "not valid", as it would for gpg.
   */
  static boolean verifies(PGPSignature signature, PGPPublicKey issuer, Verification verification) {
    try {
      signature.init(VERIFIERS, issuer);
      return verification.check(signature);
    } catch (PGPException | RuntimeException e) {
      return false;
    }
  }

  /** Whether {@code keyId} is the primary key or a subkey of this certificate, signer or not. */
  boolean holds(long keyId) {
    return keyIds.contains(keyId);
  }

  List<Signer> signers() {
    return signers;
  }

  /** Refuses a signer if it, or its certificate's primary key, is not valid at {@code now}. */
  void requireValid(Signer signer, Instant now) throws ExpiredKeyException {
    requireValid(keyId(), revoked, expires, now);
    if (signer.key() != primary) {
      requireValid(signer.keyId(), signer.revoked(), signer.expires(), now);
    }
  }

  private void requireValid(String keyId, Instant revokedAt, Instant expiresAt, Instant now)
      throws ExpiredKeyException {
    if (revokedAt != null && !now.isBefore(revokedAt)) {
      throw ExpiredKeyException.revoked(keyId, userId, revokedAt);
    }
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      throw ExpiredKeyException.expired(keyId, userId, expiresAt);
    }
  }

  PGPPublicKey primary() {
    return primary;
  }

  String keyId() {
    return KeyIds.keyId(primary.getKeyID());
  }

  String fingerprint() {
    return KeyIds.fingerprint(primary.getFingerprint());
  }

  String userId() {
    return userId;
  }

  Instant created() {
    return primary.getCreationTime().toInstant();
  }

  Instant expires() {
    return expires;
  }

  TrustedKey describe() {
    return new TrustedKey(keyId(), fingerprint(), userId, created(), expires, revoked);
  }

  /** Whether the issuer named in {@code signature} is {@code key}; cheap, proves nothing. */
  static boolean issuedBy(PGPSignature signature, PGPPublicKey key) {
    byte[] fingerprint = issuerFingerprint(signature);
    if (fingerprint != null) {
      return Arrays.equals(fingerprint, key.getFingerprint());
    }
    return signature.getKeyID() == key.getKeyID();
  }

  /** The issuer fingerprint subpacket's value (hashed or not), or null if there is none. */
  static byte[] issuerFingerprint(PGPSignature signature) {
    for (PGPSignatureSubpacketVector packets :
        Arrays.asList(signature.getHashedSubPackets(), signature.getUnhashedSubPackets())) {
      IssuerFingerprint fingerprint = packets == null ? null : packets.getIssuerFingerprint();
      if (fingerprint != null) {
        return fingerprint.getFingerprint();
      }
    }
    return null;
  }
}
