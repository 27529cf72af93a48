package io.ferry.bundler.bundle;

import io.ferry.common.progress.ProgressTask;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BlobKind;
import io.ferry.signing.manifest.Sha256;
import io.ferry.signing.snapshot.ChunkCodec;
import io.ferry.signing.snapshot.ChunkRef;
import io.ferry.signing.snapshot.ChunkerParams;
import io.ferry.signing.snapshot.FastCdcChunker;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotKind;
import io.ferry.signing.snapshot.SnapshotStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's vanilla data as a snapshot in the backup repository's format (docs/onprem/backup-format.md),
 * so that a first install restores it through the same code as a disaster recovery: each stream is cut
 * into the same FastCDC chunks a backup makes, every distinct chunk is one {@code chunk} blob (the zstd
 * frame a repository stores), and the snapshot document is one {@code snapshot} blob.
 *
 * <p>The bundle's front region is sized before any blob is written, so {@link #read} cuts the data once
 * to learn the document and the chunk names (hashing only); {@link #write} cuts it again, compresses
 * and stores it, and refuses data that changed in between. Vanilla data is small next to the images,
 * so the second read costs little. Memory: one chunk buffer.
 */
public final class VanillaSnapshot {
  /** Host name in a vanilla snapshot: it was made by the bundler, on no customer's host. */
  public static final String HOST = "bundle";

  /** One stream of vanilla data: a dump file, or a folder streamed as a tar. */
  public record Source(String name, String format, Path path, boolean folder) {}

  private final List<Source> sources;
  private final Instant created;
  private final Snapshot document;

  private VanillaSnapshot(List<Source> sources, Instant created, Snapshot document) {
    this.sources = sources;
    this.created = created;
    this.document = document;
  }

  /** Cuts every source into chunks and makes the snapshot document; stores nothing. */
  public static VanillaSnapshot read(List<Source> sources, String stack, String release, Instant created,
      ProgressTask task) throws IOException {
    Snapshot.Builder doc = Snapshot.builder().time(created).kind(SnapshotKind.VANILLA).stack(stack).release(release)
        .host(HOST);
    for (Source s : sources) {
      task.item(s.name());
      List<ChunkRef> refs = new ArrayList<>();
      MessageDigest whole = Sha256.newDigest();
      long size = 0;
      try (InputStream in = open(s, created)) {
        FastCdcChunker chunker = new FastCdcChunker(in, ChunkerParams.DEFAULT);
        byte[] plain;
        while ((plain = chunker.next()) != null) {
          ChunkRef ref = new ChunkRef(ChunkCodec.id(plain), plain.length);
          refs.add(ref);
          whole.update(plain);
          size += plain.length;
          task.advance(plain.length);
        }
      }
      doc.stream(new SnapshotStream(s.name(), s.format(), size, Sha256.hex(whole.digest()), refs));
    }
    return new VanillaSnapshot(List.copyOf(sources), created, doc.build());
  }

  public Snapshot document() {
    return document;
  }

  /** The manifest attributes of a chunk blob: the plain name and size, and how it is stored. */
  public static Map<String, String> chunkAttributes(String chunkId, long plainSize) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("chunk", chunkId);
    attrs.put("compression", "zstd");
    attrs.put("size", Long.toString(plainSize));
    return attrs;
  }

  /**
   * Stores every distinct chunk, then the document, in {@code bundle}; returns their manifest blob lines
   * in that order (the document last).
   */
  public List<Blob> write(BundleFileWriter bundle, ProgressTask task) throws IOException {
    List<Blob> blobs = new ArrayList<>();
    Map<String, Blob> stored = new LinkedHashMap<>();
    try (ChunkCodec.Encoder encoder = new ChunkCodec.Encoder()) {
      for (int i = 0; i < sources.size(); i++) {
        Source s = sources.get(i);
        SnapshotStream planned = document.streams().get(i);
        task.item(s.name());
        int n = 0;
        try (InputStream in = open(s, created)) {
          FastCdcChunker chunker = new FastCdcChunker(in, ChunkerParams.DEFAULT);
          byte[] plain;
          while ((plain = chunker.next()) != null) {
            String id = ChunkCodec.id(plain);
            if (n >= planned.chunks().size() || !planned.chunks().get(n).id().equals(id)) {
              throw changed(s);
            }
            n++;
            if (!stored.containsKey(id)) {
              WrittenBlob blob = bundle.putRaw(encoder.encode(plain));
              Blob line = new Blob(blob.digest(), blob.size(), BlobKind.CHUNK, chunkAttributes(id, plain.length));
              stored.put(id, line);
              blobs.add(line);
            }
            task.advance(plain.length);
          }
        }
        if (n != planned.chunks().size()) {
          throw changed(s);
        }
      }
    }
    byte[] doc = document.toBytes();
    WrittenBlob blob = bundle.putRaw(doc);
    blobs.add(new Blob(blob.digest(), blob.size(), BlobKind.SNAPSHOT, Map.of()));
    return blobs;
  }

  /** The plain bytes of all streams, for progress totals. */
  public long size() {
    return document.size();
  }

  private static IOException changed(Source s) {
    return new IOException("the vanilla data " + s.path() + " changed while the bundle was being built; build again"
        + " when nothing writes to it");
  }

  private static InputStream open(Source s, Instant created) throws IOException {
    return s.folder() ? FolderTar.stream(s.path(), Date.from(created)) : Files.newInputStream(s.path());
  }
}
