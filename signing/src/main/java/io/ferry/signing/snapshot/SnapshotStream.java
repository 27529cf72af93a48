package io.ferry.signing.snapshot;

import io.ferry.signing.manifest.Sha256;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One stream of a snapshot: a database dump, a volume's tar, a configuration file.
 *
 * @param name what the stream is, e.g. {@code database}, {@code volume/prompts},
 *     {@code config/customer.yaml}: 1 to 200 characters of {@code [A-Za-z0-9._+=@,-]} in
 *     '/'-separated segments, none of them empty, "." or ".." (so a restore can use it as a file name)
 * @param format how to read it, e.g. {@code sql}, {@code tar}, {@code yaml}: {@code [a-z0-9][a-z0-9.+-]*}
 * @param size the stream's length in bytes: the sum of its chunks' sizes
 * @param sha256 SHA-256 in lower-case hex of the whole stream
 * @param chunks the chunks in order; concatenated, their plain bytes are the stream
 */
public record SnapshotStream(String name, String format, long size, String sha256, List<ChunkRef> chunks) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+=@,-]+");
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9.+-]*");

  public SnapshotStream {
    checkName(name);
    if (format == null || !FORMAT.matcher(format).matches()) {
      throw new IllegalArgumentException("stream " + name + ": the format must be a word of [a-z0-9.+-]: " + format);
    }
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException("stream " + name + ": not a SHA-256 digest: " + sha256);
    }
    chunks = List.copyOf(chunks);
    long sum = 0;
    for (ChunkRef c : chunks) {
      sum += c.size();
    }
    if (sum != size) {
      throw new IllegalArgumentException("stream " + name + " is " + size + " bytes but its chunks add up to " + sum);
    }
  }

  static void checkName(String name) {
    if (name == null || name.isEmpty() || name.length() > 200) {
      throw new IllegalArgumentException("a stream name must be 1 to 200 characters: " + name);
    }
    for (String seg : name.split("/", -1)) {
      if (seg.equals(".") || seg.equals("..") || !SEGMENT.matcher(seg).matches()) {
        throw new IllegalArgumentException("stream name '" + name
            + "' is not '/'-separated names of letters, digits and . _ + = @ , - (no empty, '.' or '..' parts)");
      }
    }
  }
}
