package io.ferry.installer.bundle;

import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BlobKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the stack's small files (compose file, descriptor, config defaults) in memory as they pass,
 * keyed by their path. They are only handed out once verified, and a stack whose files exceed a
 * sane size is refused: they are configuration, not data.
 */
public final class StackFilesSink implements BlobSink {
  private static final int MAX_TOTAL = 16 << 20;
  private final Map<String, byte[]> pending = new HashMap<>();
  private final Map<String, byte[]> verified = new LinkedHashMap<>();
  private long total;

  @Override
  public void consume(Blob blob, InputStream content) throws IOException {
    if (blob.kind() == BlobKind.FILE) {
      total += blob.size();
      if (total > MAX_TOTAL) {
        throw new IOException("the stack files of this bundle exceed " + (MAX_TOTAL >> 20) + " MiB");
      }
      pending.put(blob.digest(), content.readAllBytes());
    }
  }

  @Override
  public void verified(Blob blob) {
    byte[] bytes = pending.remove(blob.digest());
    if (bytes != null) {
      verified.put(blob.digest(), bytes);
    }
  }

  @Override
  public void rejected() {
    pending.clear();
    verified.clear();
  }

  /** The verified bytes of the blob with this digest, or null. */
  public byte[] bytes(String digest) {
    return verified.get(digest);
  }

  /** True once every FILE blob the manifest lists has passed. */
  public boolean hasAll(io.ferry.signing.manifest.BundleManifest manifest) {
    return manifest.files().values().stream().allMatch(verified::containsKey);
  }
}
