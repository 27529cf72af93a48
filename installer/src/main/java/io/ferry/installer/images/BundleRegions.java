package io.ferry.installer.images;

import io.ferry.signing.manifest.BundleLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Where each blob's bytes lie in a bundle file, read from the tar headers alone (seeking over the
 * contents). Untrusted like the headers it comes from: whoever reads a region hashes it against
 * the signed manifest before anything may rely on it.
 */
final class BundleRegions {
  record Region(long offset, long size) {}

  private final Map<String, Region> byDigest;

  private BundleRegions(Map<String, Region> byDigest) {
    this.byDigest = byDigest;
  }

  static BundleRegions of(Path bundle) throws IOException {
    Map<String, Region> regions = new HashMap<>();
    try (FileChannel channel = FileChannel.open(bundle, StandardOpenOption.READ);
        TarFile tar = new TarFile(channel)) {
      for (TarArchiveEntry e : tar.getEntries()) {
        String digest = BundleLayout.blobDigestOf(e.getName());
        if (digest != null && e.isFile()) {
          regions.putIfAbsent(digest, new Region(e.getDataOffset(), e.getSize()));
        }
      }
    }
    return new BundleRegions(regions);
  }

  Optional<Region> of(String blobDigest) {
    return Optional.ofNullable(byDigest.get(blobDigest));
  }
}
