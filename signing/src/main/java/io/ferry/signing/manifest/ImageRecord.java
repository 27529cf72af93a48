package io.ferry.signing.manifest;

import java.util.List;

/**
 * An image carried by (or, for a patch bundle, required by) a bundle. The image ID is the SHA-256 of
 * its configuration blob; {@code diffIds} are its layers, bottom first, each the SHA-256 of the
 * uncompressed layer tar.
 */
public record ImageRecord(String id, List<String> diffIds, List<String> tags) {
  public ImageRecord {
    if (!Sha256.isHex(id)) {
      throw new IllegalArgumentException("image id must be 64 lower-case hex digits: " + id);
    }
    diffIds = List.copyOf(diffIds);
    tags = List.copyOf(tags);
  }

  public String shortId() {
    return id.substring(0, 12);
  }
}
