package io.ferry.signing.snapshot;

import static io.ferry.signing.snapshot.TestStreams.SMALL;
import static io.ferry.signing.snapshot.TestStreams.chunks;
import static io.ferry.signing.snapshot.TestStreams.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastCdcChunkerTest {
  @Test
  void gearTableIsTheDocumentedOne() {
    // printf 'ferry-fastcdc-gear-v1\xNN' | sha256sum | cut -c1-16, as docs/onprem/backup-format.md says
    long[] g = GearTable.values();
    assertEquals(Long.parseUnsignedLong("5f002407bdb2a312", 16), g[0]);
    assertEquals(Long.parseUnsignedLong("d5eb5aa32e803235", 16), g[42]);
    assertEquals(Long.parseUnsignedLong("b6798fd1418a464a", 16), g[255]);
  }

  @Test
  void chunksConcatenateToTheInputAndRespectMinAndMax() throws IOException {
    byte[] data = random(1, 8 << 20);
    List<byte[]> chunks = chunks(data, SMALL);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 0; i < chunks.size(); i++) {
      int n = chunks.get(i).length;
      assertTrue(n <= SMALL.max(), "chunk " + i + " is " + n);
      if (i < chunks.size() - 1) {
        assertTrue(n >= SMALL.min(), "chunk " + i + " is " + n);
      }
      joined.writeBytes(chunks.get(i));
    }
    assertArrayEquals(data, joined.toByteArray());
    double mean = (double) data.length / chunks.size();
    assertTrue(mean > SMALL.avg() * 0.6 && mean < SMALL.avg() * 1.6, "mean chunk size " + mean);
    assertTrue(chunks.stream().anyMatch(c -> c.length < SMALL.max()), "content cut points are found");
  }

  @Test
  void dataWithoutCutPointsIsCutAtMax() throws IOException {
    List<byte[]> chunks = chunks(new byte[SMALL.max() * 3 + 10], SMALL);
    assertEquals(List.of(SMALL.max(), SMALL.max(), SMALL.max(), 10), chunks.stream().map(c -> c.length).toList());
  }

  @Test
  void deterministicWhateverTheReadSizes() throws IOException {
    byte[] data = random(2, 3 << 20);
    List<byte[]> whole = chunks(data, SMALL);
    List<byte[]> trickled = chunks(new Trickle(new ByteArrayInputStream(data)), SMALL);
    assertEquals(whole.size(), trickled.size());
    for (int i = 0; i < whole.size(); i++) {
      assertArrayEquals(whole.get(i), trickled.get(i), "chunk " + i);
    }
  }

  @Test
  void insertingNearTheStartChangesOnlyTheFirstChunks() throws IOException {
    byte[] data = random(3, 4 << 20);
    byte[] edited = new byte[data.length + 100];
    System.arraycopy(data, 0, edited, 0, 1000);
    System.arraycopy(random(4, 100), 0, edited, 1000, 100);
    System.arraycopy(data, 1000, edited, 1100, data.length - 1000);
    List<byte[]> before = chunks(data, SMALL);
    List<byte[]> after = chunks(edited, SMALL);
    Set<String> old = new HashSet<>();
    before.forEach(c -> old.add(ChunkCodec.id(c)));
    int changed = 0;
    for (byte[] c : after) {
      if (!old.contains(ChunkCodec.id(c))) {
        changed++;
      }
    }
    assertTrue(changed >= 1 && changed <= 2, changed + " of " + after.size() + " chunks changed");
    assertTrue(before.size() > 100);
  }

  @Test
  void emptyStreamHasNoChunks() throws IOException {
    assertNull(new FastCdcChunker(new ByteArrayInputStream(new byte[0]), SMALL).next());
  }

  @Test
  void defaultParamsAreTheContract() {
    assertEquals(new ChunkerParams(262144, 1048576, 4194304), ChunkerParams.DEFAULT);
    assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(4096, 12000, 65536));
    assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(65536, 16384, 4096));
  }

  @Test
  void aFailingStreamFailsTheChunker() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk on fire");
      }
    };
    IOException e = assertThrows(IOException.class, () -> new FastCdcChunker(broken, SMALL).next());
    assertEquals("disk on fire", e.getMessage());
  }

  /** Hands out 1 to 7 bytes per read. */
  private static final class Trickle extends FilterInputStream {
    private int n;

    Trickle(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      n = n % 7 + 1;
      return super.read(b, off, Math.min(len, n));
    }
  }
}
