package io.ferry.installer.stream;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream whose logic lives in {@link #read(byte[], int, int)} alone; the single-byte
 * read goes through it too, so counting, limits and end-of-stream checks cannot be bypassed.
 */
public abstract class BlockInputStream extends InputStream {
  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
