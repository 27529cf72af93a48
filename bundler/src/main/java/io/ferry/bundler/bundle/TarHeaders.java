package io.ferry.bundler.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * The tar headers of a bundle, formatted one 512-byte block at a time so that {@link BundleFileWriter}
 * can write a header after the data it describes (the size and the digest-derived name are known
 * only then). Every header is the ustar header Commons Compress' {@code TarArchiveOutputStream}
 * writes for the same entry: regular file, mode 0644, owner 0:0, empty owner names, the build time
 * as mtime.
 */
final class TarHeaders {
  static final int BLOCK = 512;
  /** Tar's default blocking factor (20 blocks): the archive's length is a multiple of it. */
  static final int RECORD = 20 * BLOCK;
  /** The largest size the 11 octal digits of a ustar header hold (8 GiB - 1). */
  static final long MAX_OCTAL_SIZE = 077777777777L;
  /** The pax keyword a reader ignores (POSIX: "shall not affect extraction"). */
  static final String COMMENT = "comment";
  /** The start of the padding comment; the rest of its value is spaces. */
  static final String COMMENT_TEXT = "ferry: room reserved for the manifest and its signature; ignore";

  private static final int SIZE_OFFSET = 124;
  private static final int SIZE_LENGTH = 12;
  private static final int CHECKSUM_OFFSET = 148;
  private static final int CHECKSUM_LENGTH = 8;
  private static final ZipEncoding NAMES = ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8);

  private TarHeaders() {}

  /** {@code n} rounded up to whole blocks. */
  static long padded(long n) {
    return (n + BLOCK - 1) / BLOCK * BLOCK;
  }

  /**
   * The header of a regular file. A size above {@link #MAX_OCTAL_SIZE} goes in the size field in
   * the base-256 form (GNU tar, bsdtar, Python, Go and Commons Compress read it): the header is
   * written after the data, so there is no room left for a pax size record.
   */
  static byte[] file(String name, long size, Instant mtime) {
    if (name.getBytes(StandardCharsets.UTF_8).length > TarConstants.NAMELEN) {
      throw new IllegalArgumentException("tar name longer than 100 bytes: " + name);
    }
    boolean big = size > MAX_OCTAL_SIZE;
    byte[] header = format(entry(name, TarConstants.LF_NORMAL, big ? 0 : size, mtime));
    if (big) {
      header[SIZE_OFFSET] = (byte) 0x80;
      long v = size;
      for (int i = SIZE_OFFSET + SIZE_LENGTH - 1; i > SIZE_OFFSET; i--) {
        header[i] = (byte) v;
        v >>>= 8;
      }
      checksum(header);
    }
    return header;
  }

  /**
   * Exactly {@code bytes} bytes (whole blocks, at least two) of a pax extended header that applies
   * to the entry {@code name} and holds nothing but one {@code comment} record: readers skip it, so
   * it fills space without changing the entry after it.
   */
  static byte[] paxPadding(String name, int bytes, Instant mtime) {
    if (bytes % BLOCK != 0 || bytes < 2 * BLOCK) {
      throw new IllegalArgumentException("pax padding must be whole blocks, at least two: " + bytes);
    }
    int recordLength = bytes - BLOCK;
    byte[] out = new byte[bytes];
    byte[] header = format(entry("PaxHeaders/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC, recordLength, mtime));
    System.arraycopy(header, 0, out, 0, BLOCK);
    // "<length> comment=<value>\n", where <length> counts the whole record, its own digits included.
    byte[] prefix = (recordLength + " " + COMMENT + "=").getBytes(StandardCharsets.US_ASCII);
    int valueLength = recordLength - prefix.length - 1;
    byte[] text = COMMENT_TEXT.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, out, BLOCK, prefix.length);
    int valueStart = BLOCK + prefix.length;
    Arrays.fill(out, valueStart, valueStart + valueLength, (byte) ' ');
    System.arraycopy(text, 0, out, valueStart, Math.min(text.length, valueLength));
    out[bytes - 1] = '\n';
    return out;
  }

  private static TarArchiveEntry entry(String name, byte type, long size, Instant mtime) {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setSize(size);
    e.setMode(0644);
    e.setModTime(Date.from(mtime));
    e.setUserId(0);
    e.setGroupId(0);
    e.setUserName("");
    e.setGroupName("");
    return e;
  }

  private static byte[] format(TarArchiveEntry e) {
    byte[] header = new byte[BLOCK];
    try {
      e.writeEntryHeader(header, NAMES, false);
    } catch (IOException ex) {
      throw new UncheckedIOException("formatting the tar header of " + e.getName(), ex);
    }
    return header;
  }

  private static void checksum(byte[] header) {
    Arrays.fill(header, CHECKSUM_OFFSET, CHECKSUM_OFFSET + CHECKSUM_LENGTH, (byte) ' ');
    TarUtils.formatCheckSumOctalBytes(TarUtils.computeCheckSum(header), header, CHECKSUM_OFFSET, CHECKSUM_LENGTH);
  }
}
