package io.ferry.installer.bundle;

import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleLayout;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.Sha256;
import io.ferry.signing.snapshot.ChunkSource;
import io.ferry.signing.snapshot.MissingChunkException;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The vanilla data of a verified bundle as a {@link ChunkSource}, so a first install restores it
 * through the same reader as a backup on the customer's share. Chunks are read in any order: the tar's
 * headers are indexed once (seeking past the data), then each chunk is one positioned read.
 *
 * <p>Trust: the manifest at the file's head must be byte-identical to the verified one; the snapshot
 * document must match its signed blob digest; and each chunk's stored bytes must match their blob
 * digest here, and decode to their name in {@code SnapshotStreamReader}. So a bundle file changed
 * after it was verified is refused, not restored.
 *
 * <p>Thread-safe: reads are serialized on the one open file (the reader fetches ahead on several
 * threads; a chunk is at most a few MiB, read whole).
 */
public final class BundleChunkSource implements ChunkSource, AutoCloseable {
  private final Path bundle;
  private final BundleManifest manifest;
  private final TarFile tar;
  private final Map<String, TarArchiveEntry> entries = new HashMap<>();

  private BundleChunkSource(Path bundle, BundleManifest manifest, TarFile tar) {
    this.bundle = bundle;
    this.manifest = manifest;
    this.tar = tar;
    for (TarArchiveEntry e : tar.getEntries()) {
      entries.putIfAbsent(e.getName(), e);
    }
  }

  /** Opens {@code bundle}, whose manifest {@code verifiedManifest} was verified with its signature. */
  public static BundleChunkSource open(Path bundle, BundleManifest verifiedManifest)
      throws IOException, BundleRejectedException {
    TarFile tar = new TarFile(bundle);
    try {
      BundleChunkSource source = new BundleChunkSource(bundle, verifiedManifest, tar);
      TarArchiveEntry head = tar.getEntries().isEmpty() ? null : tar.getEntries().get(0);
      byte[] manifest = head == null || !head.getName().equals(BundleLayout.MANIFEST) ? null
          : source.read(head, BundleLayout.MAX_MANIFEST_BYTES);
      if (manifest == null || !Arrays.equals(manifest, verifiedManifest.toBytes())) {
        throw new BundleRejectedException(BundleLayout.MANIFEST, "the bundle file changed since it was verified");
      }
      return source;
    } catch (IOException | BundleRejectedException | RuntimeException e) {
      tar.close();
      throw e;
    }
  }

  /** The vanilla data's snapshot document, checked against the signed manifest. */
  public Snapshot vanillaSnapshot() throws IOException, BundleRejectedException {
    Blob blob = manifest.vanillaSnapshot()
        .orElseThrow(() -> new IllegalStateException("the bundle carries no vanilla data"));
    try {
      return Snapshot.parse(blobBytes(blob));
    } catch (SnapshotFormatException e) {
      // Signed by the vendor and still unreadable: a bundle from a newer bundler.
      throw new BundleRejectedException(blob.entryName(), "the vanilla data's snapshot document cannot be read ("
          + e.getMessage() + "); use the Ferry version that came with the bundle");
    }
  }

  @Override
  public InputStream open(String chunkId) throws IOException {
    Blob blob = manifest.chunk(chunkId).orElseThrow(() -> new MissingChunkException(chunkId, bundle.toString()));
    try {
      return new ByteArrayInputStream(blobBytes(blob));
    } catch (BundleRejectedException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private byte[] blobBytes(Blob blob) throws IOException, BundleRejectedException {
    TarArchiveEntry e = entries.get(blob.entryName());
    if (e == null || e.getSize() != blob.size()) {
      throw new BundleRejectedException(blob.entryName(), "missing: the bundle file changed since it was verified");
    }
    byte[] bytes = read(e, Math.toIntExact(blob.size()));
    if (bytes.length != blob.size() || !Sha256.hexOf(bytes).equals(blob.digest())) {
      throw new BundleRejectedException(blob.entryName(), "changed since the bundle was verified");
    }
    return bytes;
  }

  private synchronized byte[] read(TarArchiveEntry e, int max) throws IOException {
    try (InputStream in = tar.getInputStream(e)) {
      return in.readNBytes(max);
    }
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
