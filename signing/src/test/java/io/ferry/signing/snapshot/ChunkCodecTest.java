package io.ferry.signing.snapshot;

import static io.ferry.signing.snapshot.TestStreams.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.ferry.signing.manifest.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {
  static final byte[] TEXT = "INSERT INTO calls VALUES (1, 'hello');\n".repeat(5000).getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripAndTheIdIsTheSha256OfThePlainBytes() throws IOException {
    String id = ChunkCodec.id(TEXT);
    assertEquals(Sha256.hexOf(TEXT), id);
    byte[] stored = ChunkCodec.encode(TEXT);
    assertTrue(stored.length < TEXT.length / 10, "text compresses: " + stored.length);
    assertEquals(TEXT.length, Zstd.getFrameContentSize(stored), "the frame records its size for zstd -d");
    assertArrayEquals(TEXT, ChunkCodec.decode(id, TEXT.length, new ByteArrayInputStream(stored)));
  }

  @Test
  void aFlippedByteIsCorruptionNamingTheChunk() {
    byte[] plain = random(7, 100_000);
    String id = ChunkCodec.id(plain);
    byte[] stored = ChunkCodec.encode(plain);
    for (int at : new int[] {0, 5, stored.length / 2, stored.length - 1}) {
      byte[] bad = stored.clone();
      bad[at] ^= 0x10;
      CorruptChunkException e = assertThrows(CorruptChunkException.class,
          () -> ChunkCodec.decode(id, plain.length, new ByteArrayInputStream(bad)), "flip at " + at);
      assertEquals(id, e.chunkId());
      assertTrue(e.getMessage().startsWith("chunk " + id + " is corrupt: "), e.getMessage());
    }
  }

  @Test
  void anotherChunksBytesDoNotPassUnderThisName() {
    byte[] other = "other content".getBytes(StandardCharsets.UTF_8);
    String id = ChunkCodec.id(TEXT);
    CorruptChunkException e = assertThrows(CorruptChunkException.class,
        () -> ChunkCodec.decode(id, other.length, new ByteArrayInputStream(ChunkCodec.encode(other))));
    assertTrue(e.getMessage().contains("hashes to " + Sha256.hexOf(other)), e.getMessage());
  }

  @Test
  void aWrongSizeIsCorruption() {
    String id = ChunkCodec.id(TEXT);
    byte[] stored = ChunkCodec.encode(TEXT);
    CorruptChunkException shorter = assertThrows(CorruptChunkException.class,
        () -> ChunkCodec.decode(id, TEXT.length - 1, new ByteArrayInputStream(stored)));
    assertTrue(shorter.getMessage().contains("snapshot says " + (TEXT.length - 1)), shorter.getMessage());
    assertThrows(CorruptChunkException.class, () -> ChunkCodec.decode(id, TEXT.length + 1, new ByteArrayInputStream(stored)));
  }

  @Test
  void garbageAndOversizedObjectsAreCorruption() {
    String id = ChunkCodec.id(TEXT);
    assertThrows(CorruptChunkException.class,
        () -> ChunkCodec.decode(id, TEXT.length, new ByteArrayInputStream(random(8, 1000))));
    assertThrows(CorruptChunkException.class, () -> ChunkCodec.decode(id, TEXT.length, new ByteArrayInputStream(new byte[0])));
    CorruptChunkException big = assertThrows(CorruptChunkException.class,
        () -> ChunkCodec.decode(id, 10, new ByteArrayInputStream(new byte[1 << 20])));
    assertTrue(big.getMessage().contains("larger than"), big.getMessage());
  }

  @Test
  void anEncoderIsReusable() throws IOException {
    try (ChunkCodec.Encoder e = new ChunkCodec.Encoder()) {
      for (int i = 0; i < 5; i++) {
        byte[] plain = random(i, 50_000 + i);
        assertArrayEquals(plain, ChunkCodec.decode(ChunkCodec.id(plain), plain.length,
            new ByteArrayInputStream(e.encode(plain))));
      }
    }
  }
}
