package io.ferry.signing.manifest;

/**
 * Names of the entries in a bundle's tar stream. The manifest and its detached signature come first
 * so that a reader can check the signature before it trusts anything else; every other entry is a
 * blob named by the SHA-256 of its stored bytes, so {@code sha256sum} can check it.
 */
public final class BundleLayout {
  public static final String MANIFEST = "manifest";
  public static final String SIGNATURE = "manifest.asc";
  public static final String BLOB_PREFIX = "blobs/sha256/";
  /** The manifest is small text; anything larger is not a manifest and is refused before parsing. */
  public static final int MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
  public static final int MAX_SIGNATURE_BYTES = 64 * 1024;

  private BundleLayout() {}

  public static String blobPath(String hex) {
    return BLOB_PREFIX + hex;
  }

  /** Returns the digest named by a blob entry, or null if the name is not exactly a blob path. */
  public static String blobDigestOf(String entryName) {
    if (!entryName.startsWith(BLOB_PREFIX)) {
      return null;
    }
    String hex = entryName.substring(BLOB_PREFIX.length());
    return Sha256.isHex(hex) ? hex : null;
  }
}
