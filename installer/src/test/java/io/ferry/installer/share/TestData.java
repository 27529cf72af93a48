package io.ferry.installer.share;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic pseudo-random test data as streams, so large objects are never held in memory. */
final class TestData {
  private TestData() {}

  /** {@code length} bytes derived from {@code seed}; the same seed and length give the same bytes. */
  static InputStream stream(long seed, long length) {
    return new Generator(seed, length, -1);
  }

  /** Like {@link #stream} but throws an IOException once {@code failAfter} bytes were read. */
  static InputStream failingAfter(long seed, long length, long failAfter) {
    return new Generator(seed, length, failAfter);
  }

  static byte[] bytes(long seed, int length) throws IOException {
    return stream(seed, length).readAllBytes();
  }

  static String sha256(long seed, long length) throws IOException {
    return sha256(stream(seed, length));
  }

  static String sha256(InputStream in) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[256 * 1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** xorshift64* bytes; position-independent per 8-byte word so reads of any size agree. */
  private static final class Generator extends InputStream {
    private final long seed;
    private final long length;
    private final long failAfter;
    private long pos;

    Generator(long seed, long length, long failAfter) {
      this.seed = seed * 0x9E3779B97F4A7C15L + 1;
      this.length = length;
      this.failAfter = failAfter;
    }

    private byte at(long p) {
      long x = seed ^ (p >>> 3) * 0xBF58476D1CE4E5B9L;
      x ^= x >>> 31;
      x *= 0x94D049BB133111EBL;
      x ^= x >>> 29;
      return (byte) (x >>> ((p & 7) * 8));
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failAfter >= 0 && pos >= failAfter) {
        throw new IOException("simulated failure of the data source after " + pos + " bytes");
      }
      if (pos >= length) {
        return -1;
      }
      long limit = failAfter >= 0 ? Math.min(length, failAfter) : length;
      int n = (int) Math.min(len, Math.max(1, limit - pos));
      n = (int) Math.min(n, length - pos);
      for (int i = 0; i < n; i++) {
        b[off + i] = at(pos + i);
      }
      pos += n;
      return n;
    }

    long position() {
      return pos;
    }
  }

  static long position(InputStream generated) {
    return ((Generator) generated).position();
  }
}
