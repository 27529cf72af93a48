package io.ferry.installer.deploy;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.ferry.installer.bundle.BundleBlobReader;
import io.ferry.installer.bundle.BundleRejectedException;
import io.ferry.installer.data.DataFormats;
import io.ferry.installer.data.RestoreSource;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The vanilla data of a verified bundle as a restore source: each data blob decompressed, read from
 * the bundle file again and hashed on the way, so a file changed since it was verified fails the
 * read at the blob's end (the restore fails; an IOException whose cause is a {@link
 * BundleRejectedException}). The bundle's {@code tar} is a folder's content without a root entry:
 * format {@link DataFormats#FOLDER_TAR} here.
 */
final class VanillaData implements RestoreSource {
  private final BundleBlobReader reader;
  private final BundleManifest manifest;

  VanillaData(Path bundle, BundleManifest verifiedManifest) {
    this.reader = new BundleBlobReader(bundle, verifiedManifest);
    this.manifest = verifiedManifest;
  }

  @Override
  public List<StreamInfo> streams() {
    List<StreamInfo> streams = new ArrayList<>();
    for (Map.Entry<String, String> d : manifest.data().entrySet()) {
      Blob blob = blob(d.getKey());
      String format = blob.attribute("format");
      if ("tar".equals(format)) {
        format = DataFormats.FOLDER_TAR;
      }
      streams.add(new StreamInfo(d.getKey(), format == null ? "" : format, blob.expandedSize()));
    }
    return streams;
  }

  @Override
  public InputStream open(String name) throws IOException {
    Blob blob = blob(name);
    InputStream raw;
    try {
      raw = reader.open(blob.digest());
    } catch (BundleRejectedException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (!blob.isCompressed()) {
      return raw;
    }
    if (!"zstd".equals(blob.attribute("compression"))) {
      raw.close();
      throw new IOException(name + " is compressed with " + blob.attribute("compression") + ", which this version"
          + " of Ferry cannot read");
    }
    InputStream unpacked = new ZstdInputStreamNoFinalizer(raw);
    return new InputStream() {
      private boolean drained;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = unpacked.read(b, off, len);
        if (n < 0 && !drained) {
          // The decompressor stops at the frame's end and may not read the blob's last bytes; the
          // digest is checked only when the blob is read to its very end.
          drained = true;
          raw.transferTo(OutputStream.nullOutputStream());
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        unpacked.close();
      }
    };
  }

  private Blob blob(String name) {
    String digest = manifest.data().get(name);
    if (digest == null) {
      throw new IllegalArgumentException("no data '" + name + "' in the bundle");
    }
    return manifest.blob(digest).orElseThrow();
  }
}
