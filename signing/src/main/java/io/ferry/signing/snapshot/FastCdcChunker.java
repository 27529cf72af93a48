package io.ferry.signing.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts a stream into content-defined chunks with FastCDC (Xia et al., "FastCDC: a Fast and Efficient
 * Content-Defined Chunking Approach for Data Deduplication", USENIX ATC 2016) with normalized chunking
 * at level 2: cut points depend only on the bytes around them, so inserting or removing bytes changes
 * the chunks near the edit and leaves the rest (and so their names) as they were.
 *
 * <p>The exact rule, which the repository contract repeats (docs/onprem/backup-format.md): from the
 * start of a chunk, the first {@code min} bytes are skipped; then, for each following byte {@code b},
 * {@code fp = (fp << 1) + GEAR[b]} (64-bit, wrapping, fp starting at 0), and the chunk ends after the
 * byte where {@code fp & mask == 0}. Up to offset {@code avg} the mask is the top {@code log2(avg)+2}
 * bits of fp (harder, so fewer chunks are cut short), from there the top {@code log2(avg)-2} bits
 * (easier, so few run to the limit). A chunk ends at {@code max} bytes, or at the end of the stream.
 * Top bits, because fp is shifted left: its bit 63 depends on the last 64 bytes, its low bits on only
 * the last few.
 *
 * <p>Memory: one buffer of twice {@code max}, plus the chunk handed out. Not thread-safe.
 */
public final class FastCdcChunker {
  private final InputStream in;
  private final ChunkerParams params;
  private final long maskS;
  private final long maskL;
  private final long[] gear = GearTable.shared();
  // Twice max, so the unread tail is moved to the front at most once per max bytes consumed.
  private final byte[] buf;
  private int start;
  private int end;
  private boolean eof;

  public FastCdcChunker(InputStream in, ChunkerParams params) {
    this.in = Objects.requireNonNull(in, "in");
    this.params = Objects.requireNonNull(params, "params");
    this.maskS = topBits(params.avgBits() + 2);
    this.maskL = topBits(params.avgBits() - 2);
    this.buf = new byte[2 * params.max()];
  }

  private static long topBits(int n) {
    return n <= 0 ? 0 : -1L << (64 - n);
  }

  /**
   * The next chunk's bytes, in a new array of exactly the chunk's length that belongs to the caller, or
   * null at the end of the stream. An empty stream has no chunks. Reads from the stream as needed; an
   * {@link IOException} of the stream passes through.
   */
  public byte[] next() throws IOException {
    fill();
    int avail = end - start;
    if (avail == 0) {
      return null;
    }
    int n = cut(buf, start, avail);
    byte[] chunk = Arrays.copyOfRange(buf, start, start + n);
    start += n;
    return chunk;
  }

  private void fill() throws IOException {
    if (eof || end - start >= params.max()) {
      return;
    }
    if (start + params.max() > buf.length) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    while (end - start < params.max()) {
      int r = in.read(buf, end, buf.length - end);
      if (r < 0) {
        eof = true;
        return;
      }
      end += r;
    }
  }

  /** The length of the chunk that starts at {@code b[off]}, given {@code len} bytes available there (all, at the end of the stream). */
  int cut(byte[] b, int off, int len) {
    int min = params.min();
    if (len <= min) {
      return len;
    }
    int n = Math.min(len, params.max());
    int normal = Math.min(params.avg(), n);
    long fp = 0;
    int i = min;
    for (; i < normal; i++) {
      fp = (fp << 1) + gear[b[off + i] & 0xff];
      if ((fp & maskS) == 0) {
        return i + 1;
      }
    }
    for (; i < n; i++) {
      fp = (fp << 1) + gear[b[off + i] & 0xff];
      if ((fp & maskL) == 0) {
        return i + 1;
      }
    }
    return n;
  }
}
