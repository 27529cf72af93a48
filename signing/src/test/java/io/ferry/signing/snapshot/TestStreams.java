package io.ferry.signing.snapshot;

import io.ferry.signing.manifest.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** Test data and an in-memory chunk store for the snapshot format's tests. */
final class TestStreams {
  static final ChunkerParams SMALL = new ChunkerParams(4 << 10, 16 << 10, 64 << 10);

  private TestStreams() {}

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static List<byte[]> chunks(byte[] data, ChunkerParams p) throws IOException {
    return chunks(new ByteArrayInputStream(data), p);
  }

  static List<byte[]> chunks(InputStream in, ChunkerParams p) throws IOException {
    FastCdcChunker c = new FastCdcChunker(in, p);
    List<byte[]> out = new ArrayList<>();
    byte[] b;
    while ((b = c.next()) != null) {
      out.add(b);
    }
    return out;
  }

  /** Chunks kept in memory, stored form by id. */
  static final class MemoryChunks implements ChunkSource {
    final Map<String, byte[]> stored = new ConcurrentHashMap<>();

    @Override
    public InputStream open(String id) throws IOException {
      byte[] b = stored.get(id);
      if (b == null) {
        throw new MissingChunkException(id, "memory");
      }
      return new ByteArrayInputStream(b);
    }

    /** Chunks {@code data}, stores every chunk and describes the stream. */
    SnapshotStream put(String name, String format, byte[] data, ChunkerParams p) throws IOException {
      List<ChunkRef> refs = new ArrayList<>();
      for (byte[] c : chunks(data, p)) {
        String id = ChunkCodec.id(c);
        stored.putIfAbsent(id, ChunkCodec.encode(c));
        refs.add(new ChunkRef(id, c.length));
      }
      MessageDigest md = Sha256.newDigest();
      return new SnapshotStream(name, format, data.length, Sha256.hex(md.digest(data)), refs);
    }
  }
}
