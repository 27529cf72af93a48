package io.ferry.installer.bundle;

/**
 * The bundle's content does not match its signed manifest, or is not a bundle at all. The message
 * is one line naming the entry and the reason, e.g. {@code entry blobs/sha256/ab12…: wrong digest}.
 */
public final class BundleRejectedException extends Exception {
  private final String entry;
  private final String reason;

  public BundleRejectedException(String entry, String reason) {
    super(entry == null ? reason : "entry " + entry + ": " + reason);
    this.entry = entry;
    this.reason = reason;
  }

  /** The offending entry's name as found in the bundle, or null for a problem with the whole file. */
  public String entry() {
    return entry;
  }

  public String reason() {
    return reason;
  }
}
