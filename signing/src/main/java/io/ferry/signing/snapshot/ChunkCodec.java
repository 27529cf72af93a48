package io.ferry.signing.snapshot;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.ferry.signing.manifest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * How a chunk is stored: one zstd frame (level {@value #LEVEL}, with the frame's content size and
 * checksum, so {@code zstd -d} and {@code zstd -t} check it by hand) of its plain bytes, named by the
 * SHA-256 in lower-case hex of the plain bytes. Decoding verifies both the size and the name, so a
 * chunk that decodes is exactly the chunk that was stored.
 *
 * <p>Thread-safe: the static methods hold no state; an {@link Encoder} is for one thread.
 */
public final class ChunkCodec {
  /** zstd level 3: zstd's default, about 3x faster than gzip at a similar ratio. */
  public static final int LEVEL = 3;

  private ChunkCodec() {}

  /** The chunk's id: SHA-256 in lower-case hex of its plain bytes. */
  public static String id(byte[] plain) {
    return Sha256.hexOf(plain);
  }

  /** The stored form of {@code plain}; prefer one {@link Encoder} per thread when encoding many chunks. */
  public static byte[] encode(byte[] plain) {
    try (Encoder e = new Encoder()) {
      return e.encode(plain);
    }
  }

  /**
   * Reads the stored form of chunk {@code id} from {@code stored} (closing it) and returns the plain
   * bytes after checking that they are {@code size} bytes long and hash to {@code id}.
   *
   * @throws CorruptChunkException the stored bytes are not a zstd frame, or decode to other content
   * @throws IOException reading {@code stored} failed (passed through: the chunk may be fine)
   */
  public static byte[] decode(String id, int size, InputStream stored) throws IOException {
    if (size < 0 || size > ChunkerParams.MAX_LIMIT) {
      throw new CorruptChunkException(id, "the snapshot gives it an impossible size " + size, null);
    }
    byte[] frame;
    // A valid frame of `size` bytes is never larger than zstd's bound plus the 4-byte checksum; a
    // larger object is not this chunk, and reading it whole could exhaust memory.
    int bound = (int) Zstd.compressBound(size) + 64;
    try (InputStream in = stored) {
      frame = in.readNBytes(bound + 1);
    }
    if (frame.length > bound) {
      throw new CorruptChunkException(id, "its stored form is larger than " + bound + " bytes, more than any zstd frame of "
          + size + " bytes can be", null);
    }
    return decodeFrame(id, size, frame);
  }

  /** {@link #decode} for a stored form already in memory. */
  public static byte[] decodeFrame(String id, int size, byte[] frame) throws CorruptChunkException {
    byte[] plain = new byte[size];
    int n;
    try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
      // One byte of room more than expected, so an over-long chunk is told apart from a fitting one.
      byte[] dst = new byte[size + 1];
      n = ctx.decompressByteArray(dst, 0, dst.length, frame, 0, frame.length);
      if (n != size) {
        throw new CorruptChunkException(id, "it decodes to " + (n > size ? "more than " + size : n + "")
            + " bytes, the snapshot says " + size, null);
      }
      System.arraycopy(dst, 0, plain, 0, size);
    } catch (ZstdException e) {
      throw new CorruptChunkException(id, "it is not a valid zstd frame (" + e.getMessage() + ")", e);
    }
    MessageDigest md = Sha256.newDigest();
    String actual = Sha256.hex(md.digest(plain));
    if (!actual.equals(id)) {
      throw new CorruptChunkException(id, "its content hashes to " + actual, null);
    }
    return plain;
  }

  /** Encodes chunks with one reusable zstd context. For one thread; close it to free native memory. */
  public static final class Encoder implements AutoCloseable {
    private final ZstdCompressCtx ctx = new ZstdCompressCtx();

    public Encoder() {
      ctx.setLevel(LEVEL);
      ctx.setChecksum(true);
      ctx.setContentSize(true);
    }

    public byte[] encode(byte[] plain) {
      return encode(plain, plain.length);
    }

    public byte[] encode(byte[] plain, int length) {
      byte[] dst = new byte[(int) Zstd.compressBound(length)];
      int n = ctx.compressByteArray(dst, 0, dst.length, plain, 0, length);
      return Arrays.copyOf(dst, n);
    }

    @Override
    public void close() {
      ctx.close();
    }
  }
}
