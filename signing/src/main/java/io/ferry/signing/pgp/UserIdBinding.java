package io.ferry.signing.pgp;

import java.util.Iterator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * A user ID and the newest self-signature that binds it to its primary key. Immutable.
 *
 * @param userId the user ID as text
 * @param signature the newest valid self-certification of it
 */
record UserIdBinding(String userId, PGPSignature signature) {

  /**
   * The binding gpg would show: among user IDs whose newest valid self-signature is a
   * certification (not a revocation), the one flagged primary, else the most recently certified.
   * Returns null if no user ID is validly bound.
   */
  static UserIdBinding best(PGPPublicKey primary) {
    UserIdBinding best = null;
    for (Iterator<String> ids = primary.getUserIDs(); ids.hasNext(); ) {
      UserIdBinding candidate = newest(primary, ids.next());
      if (candidate != null && (best == null || candidate.beats(best))) {
        best = candidate;
      }
    }
    return best;
  }

  private static UserIdBinding newest(PGPPublicKey primary, String userId) {
    PGPSignature newest = null;
    Iterator<PGPSignature> signatures = primary.getSignaturesForID(userId);
    while (signatures != null && signatures.hasNext()) {
      PGPSignature signature = signatures.next();
      boolean relevant = PGPSignature.isCertification(signature.getSignatureType())
          || signature.getSignatureType() == PGPSignature.CERTIFICATION_REVOCATION;
      if (relevant
          && (newest == null || signature.getCreationTime().after(newest.getCreationTime()))
          && Certificate.issuedBy(signature, primary)
          && Certificate.verifies(
              signature, primary, s -> s.verifyCertification(userId, primary))) {
        newest = signature;
      }
    }
    if (newest == null || newest.getSignatureType() == PGPSignature.CERTIFICATION_REVOCATION) {
      return null;
    }
    return new UserIdBinding(userId, newest);
  }

  private boolean beats(UserIdBinding other) {
    boolean primary = isPrimary();
    if (primary != other.isPrimary()) {
      return primary;
    }
    return signature.getCreationTime().after(other.signature.getCreationTime());
  }

  private boolean isPrimary() {
    return signature.getHashedSubPackets() != null
        && signature.getHashedSubPackets().isPrimaryUserID();
  }
}
