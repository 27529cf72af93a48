package io.ferry.installer.share;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Opens the share that settings describe. The only way to get a {@link Share}. */
public final class Shares {
  /** Used when a caller passes no timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private Shares() {}

  /**
   * Connects, logs in and checks that the share's folder exists, so a wrong setting fails here, with a
   * message that says which one, rather than in the middle of a backup.
   *
   * @param password the SMB password (ignored for NFS and local folders; may be null there). The share
   *     keeps a copy in memory to open further connections and wipes it on close; the caller may wipe
   *     its own array at once
   * @param timeout how long to wait to connect and for each answer
   */
  public static Share open(ShareSettings s, char[] password, Duration timeout) throws ShareException {
    Objects.requireNonNull(s, "settings");
    Duration t = timeout == null || timeout.isNegative() || timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
    if (s instanceof LocalShareSettings l) {
      return LocalShare.open(l);
    }
    if (s instanceof SmbShareSettings smb) {
      return SmbShare.open(smb, password, t);
    }
    return NfsShare.open((NfsShareSettings) s, t); // the sealed interface permits nothing else
  }

  /**
   * Why {@code folder} cannot be the folder of a share's settings (the {@code path} of
   * {@link SmbShareSettings} or {@link NfsShareSettings}), or empty when it can. Lets the customer
   * configuration reject a bad folder at the line it was written on, instead of when the share opens.
   */
  public static Optional<String> folderProblem(String folder) {
    try {
      SharePaths.folder(folder);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Whether a name that {@link Share#list} returned is an object still being written, or left behind by
   * a crash while being written. Retention may delete such names once they are old.
   */
  public static boolean isTemporary(String name) {
    return SharePaths.isTemporary(name);
  }
}
