package io.ferry.signing.pgp;

import java.nio.file.Path;

/** A signature was made by a key that the trust store does not hold. */
public final class UntrustedKeyException extends SigningException {
  private static final long serialVersionUID = 1L;

  private final String keyId;
  private final transient Path trustStore;

  public UntrustedKeyException(String keyId, Path trustStore) {
    super("the signature was made by key " + keyId + ", which is not in the trust store at "
        + trustStore);
    this.keyId = keyId;
    this.trustStore = trustStore;
  }

  /** The signer's key id, 16 upper-case hex digits as gpg prints it. */
  public String keyId() {
    return keyId;
  }

  public Path trustStore() {
    return trustStore;
  }
}
