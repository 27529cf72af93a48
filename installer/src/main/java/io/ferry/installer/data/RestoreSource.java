package io.ferry.installer.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where restored data comes from: a backup snapshot on the share, or the vanilla data of a bundle.
 * The restore asks for each stream once, in its own order (volumes first, then the database), and
 * reads it to its end before closing it, so a source that verifies its content at the end (a
 * digest) gets to do so and its failure fails the restore.
 */
public interface RestoreSource {
  /** One stream the source holds, with its exact length in bytes (uncompressed, as it is read). */
  record StreamInfo(String name, String format, long length) {
    public StreamInfo {
      if (length < 0) {
        throw new IllegalArgumentException(name + ": length must not be negative: " + length);
      }
    }
  }

  /** Every stream the source holds; names and formats as in {@link DataFormats}. */
  List<StreamInfo> streams();

  /** The content of the stream {@code name}: exactly its length in bytes. The caller closes it. */
  InputStream open(String name) throws IOException;
}
