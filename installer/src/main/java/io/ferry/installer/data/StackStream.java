package io.ferry.installer.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One named piece of a stack's data, to be read once from beginning to end: the database dump, a
 * volume, a configuration file. Nothing runs until {@link #open}; the stream that returns must be
 * closed, which also stops the dump tool or removes the helper container if it was not read to
 * its end. Names and formats are listed in this package's documentation. Immutable; each {@link
 * #open} starts a new read.
 */
public final class StackStream {
  /** Opens the content. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  private final String name;
  private final String format;
  private final Opener opener;

  StackStream(String name, String format, Opener opener) {
    this.name = Objects.requireNonNull(name);
    this.format = Objects.requireNonNull(format);
    this.opener = Objects.requireNonNull(opener);
  }

  /** {@code database}, {@code volume/<compose volume>} or {@code config/<file>}. */
  public String name() {
    return name;
  }

  /** {@code sql}, {@code tar}, {@code yaml}, {@code env} or {@code json}: see {@link DataFormats}. */
  public String format() {
    return format;
  }

  /**
   * Starts reading: runs the dump tool, creates the helper container, or opens the file. A failure
   * of the tool surfaces as an {@link IOException} from a read, at the latest at the end of the
   * stream ({@link CommandFailedException} for a non-zero exit).
   */
  public InputStream open() throws IOException {
    return opener.open();
  }

  @Override
  public String toString() {
    return name + " (" + format + ")";
  }
}
