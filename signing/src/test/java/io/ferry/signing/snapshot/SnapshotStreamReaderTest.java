package io.ferry.signing.snapshot;

import static io.ferry.signing.snapshot.TestStreams.SMALL;
import static io.ferry.signing.snapshot.TestStreams.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.signing.manifest.Sha256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapshotStreamReaderTest {
  final TestStreams.MemoryChunks chunks = new TestStreams.MemoryChunks();

  @Test
  void readsTheStreamBackAndVerifiesIt() throws IOException {
    byte[] data = random(11, 2 << 20);
    SnapshotStream s = chunks.put("database", "sql", data, SMALL);
    assertTrue(s.chunks().size() > 20);
    for (int prefetch : new int[] {1, 4}) {
      try (SnapshotStreamReader r = SnapshotStreamReader.open(s, chunks, prefetch)) {
        assertFalse(r.verified());
        assertArrayEquals(data, r.readAllBytes());
        assertTrue(r.verified());
        assertEquals(-1, r.read());
      }
    }
  }

  @Test
  void anEmptyStreamVerifies() throws IOException {
    SnapshotStream s = chunks.put("volume/empty", "tar", new byte[0], SMALL);
    try (SnapshotStreamReader r = SnapshotStreamReader.open(s, chunks)) {
      assertEquals(0, r.readAllBytes().length);
      assertTrue(r.verified());
    }
  }

  @Test
  void aCorruptChunkIsNamed() throws IOException {
    byte[] data = random(12, 1 << 20);
    SnapshotStream s = chunks.put("database", "sql", data, SMALL);
    String victim = s.chunks().get(5).id();
    byte[] bad = chunks.stored.get(victim).clone();
    bad[bad.length / 2] ^= 1;
    chunks.stored.put(victim, bad);
    try (SnapshotStreamReader r = SnapshotStreamReader.open(s, chunks)) {
      CorruptChunkException e = assertThrows(CorruptChunkException.class, r::readAllBytes);
      assertEquals(victim, e.chunkId());
      assertTrue(e.getMessage().contains(victim), e.getMessage());
    }
  }

  @Test
  void aMissingChunkIsNamed() throws IOException {
    SnapshotStream s = chunks.put("database", "sql", random(13, 1 << 20), SMALL);
    String victim = s.chunks().get(s.chunks().size() - 1).id();
    chunks.stored.remove(victim);
    try (SnapshotStreamReader r = SnapshotStreamReader.open(s, chunks)) {
      MissingChunkException e = assertThrows(MissingChunkException.class, r::readAllBytes);
      assertEquals(victim, e.chunkId());
    }
  }

  @Test
  void aStreamWhoseChunksDoNotMatchItsDigestIsRefusedAtTheEnd() throws IOException {
    SnapshotStream good = chunks.put("database", "sql", random(14, 300_000), SMALL);
    SnapshotStream lying = new SnapshotStream(good.name(), good.format(), good.size(), Sha256.hexOf(new byte[1]), good.chunks());
    try (SnapshotStreamReader r = SnapshotStreamReader.open(lying, chunks)) {
      CorruptStreamException e = assertThrows(CorruptStreamException.class, r::readAllBytes);
      assertEquals("database", e.stream());
      assertTrue(e.getMessage().contains("stream database does not verify"), e.getMessage());
      assertFalse(r.verified());
    }
    // Chunks swapped: each chunk verifies, the whole does not.
    List<ChunkRef> swapped = new ArrayList<>(good.chunks());
    java.util.Collections.swap(swapped, 0, 1);
    SnapshotStream reordered = new SnapshotStream("database", "sql", good.size(), good.sha256(), swapped);
    try (SnapshotStreamReader r = SnapshotStreamReader.open(reordered, chunks)) {
      assertThrows(CorruptStreamException.class, r::readAllBytes);
    }
  }

  @Test
  void fetchesAheadBoundedAndStopsOnClose() throws IOException {
    SnapshotStream s = chunks.put("database", "sql", random(15, 2 << 20), SMALL);
    AtomicInteger opened = new AtomicInteger();
    ChunkSource counting = id -> {
      opened.incrementAndGet();
      return chunks.open(id);
    };
    try (SnapshotStreamReader r = SnapshotStreamReader.open(s, counting, 3)) {
      r.read(new byte[10]);
      // reading 10 bytes fetches the first chunk and 3 ahead, not the whole stream
      assertTrue(opened.get() <= 4 + 1, "opened " + opened.get());
    }
    assertTrue(opened.get() < s.chunks().size());
  }
}
