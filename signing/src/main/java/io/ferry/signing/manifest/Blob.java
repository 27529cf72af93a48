package io.ferry.signing.manifest;

import java.util.Collections;
import java.util.TreeMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a bundle other than the manifest and its signature. {@code digest} and {@code size}
 * describe the bytes as stored in the bundle; {@code attributes} depend on the kind (for a layer:
 * {@code diff_id}, {@code size} uncompressed, {@code compression}; for data: {@code format},
 * {@code compression}, {@code size} uncompressed). Names (file paths, data names) are separate lines.
 */
public record Blob(String digest, long size, BlobKind kind, Map<String, String> attributes) {
  public Blob {
    if (!Sha256.isHex(digest)) {
      throw new IllegalArgumentException("blob digest must be 64 lower-case hex digits: " + digest);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size for blob " + digest);
    }
    Objects.requireNonNull(kind, "kind");
    // Sorted, so the manifest text (and so the signed bytes) never depends on map iteration order.
    attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  public String entryName() {
    return BundleLayout.blobPath(digest);
  }

  public String attribute(String key) {
    return attributes.get(key);
  }

  /** The size once decompressed (for layers and data), else the stored size. */
  public long expandedSize() {
    String s = attributes.get("size");
    return s == null ? size : Long.parseLong(s);
  }

  public boolean isCompressed() {
    String c = attributes.get("compression");
    return c != null && !c.equals("none");
  }
}
