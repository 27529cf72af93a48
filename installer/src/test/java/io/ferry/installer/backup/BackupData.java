package io.ferry.installer.backup;

import io.ferry.signing.manifest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Deterministic test streams, generated as they are read (never held in memory): random bytes, and
 * text shaped like a PostgreSQL dump (COPY rows with ids, timestamps and repeated words), which is what
 * a database stream looks like to the chunker and to zstd.
 */
final class BackupData {
  private BackupData() {}

  /** {@code length} pseudo-random bytes; the same seed gives the same bytes. */
  static InputStream random(long seed, long length) {
    return new Generated(length) {
      long x = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E5L;

      @Override
      int fill(byte[] b) {
        for (int i = 0; i < b.length; i += 8) {
          x ^= x << 13;
          x ^= x >>> 7;
          x ^= x << 17;
          long v = x;
          for (int k = 0; k < 8 && i + k < b.length; k++) {
            b[i + k] = (byte) (v >>> (8 * k));
          }
        }
        return b.length;
      }
    };
  }

  /** {@code length} bytes of dump-like text; the same seed gives the same text. */
  static InputStream text(long seed, long length) {
    return new Generated(length) {
      long row = seed * 1_000_000;
      final String[] words = {"queued", "answered", "abandoned", "transferred", "voicemail", "callback", "agent", "sales",
          "support", "billing"};

      @Override
      int fill(byte[] b) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < b.length) {
          long r = row++;
          long h = r * 0x9E3779B97F4A7C15L;
          sb.append(r).append('\t').append("2026-11-").append(10 + (r / 86400) % 18).append(' ')
              .append((r / 3600) % 24).append(':').append((r / 60) % 60).append(':').append(r % 60).append('\t')
              .append(words[(int) ((h >>> 33) % words.length)]).append('\t').append(words[(int) ((h >>> 13) % words.length)])
              .append('\t').append(Long.toHexString(h)).append('\t').append((h >>> 50) % 900).append('\n');
        }
        byte[] t = sb.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 0, b.length);
        // The rest of this line would be lost: start the next fill at a fresh row (deterministic anyway).
        return b.length;
      }
    };
  }

  static String sha256(InputStream in) throws IOException {
    MessageDigest md = Sha256.newDigest();
    byte[] buf = new byte[1 << 16];
    int n;
    try (in) {
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return Sha256.hex(md.digest());
  }

  /** A stream produced in blocks of 64 KiB by {@link #fill}. */
  private abstract static class Generated extends InputStream {
    private final long length;
    private final byte[] block = new byte[1 << 16];
    private long pos;
    private int blockPos = block.length;

    Generated(long length) {
      this.length = length;
    }

    abstract int fill(byte[] b);

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= length) {
        return -1;
      }
      if (blockPos >= block.length) {
        fill(block);
        blockPos = 0;
      }
      int n = (int) Math.min(Math.min(len, block.length - blockPos), length - pos);
      System.arraycopy(block, blockPos, b, off, n);
      blockPos += n;
      pos += n;
      return n;
    }
  }
}
