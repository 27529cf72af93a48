package io.ferry.installer.backup;

import io.ferry.installer.share.ShareException;
import java.util.Objects;
import java.util.Optional;

/**
 * A backup repository operation failed. {@link #kind()} says what kind of failure it was, so a front end
 * can choose an exit code; the message is one line that says what happened and what to do. A share
 * failure keeps the {@link ShareException} as the cause (see {@link #shareKind()}).
 */
public final class BackupException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure. */
  public enum Kind {
    /** The folder holds no repository (no config object), or its config is not a repository config. */
    NOT_A_REPOSITORY,
    /** The repository has a newer format version than this Ferry reads. */
    UNSUPPORTED_VERSION,
    /** init: the folder is a repository already. */
    ALREADY_EXISTS,
    /** init: the folder holds other files. */
    NOT_EMPTY,
    /** Another backup or prune holds a lock that this operation cannot share. */
    LOCKED,
    /** forget/prune on a repository marked write-once. */
    WRITE_ONCE,
    /** A snapshot document cannot be read, or a snapshot does not verify. */
    DAMAGED,
    /** No such snapshot or stream. */
    NOT_FOUND,
    /** The share failed: see the cause and {@link #shareKind()}. */
    SHARE
  }

  private final Kind kind;

  public BackupException(Kind kind, String message) {
    this(kind, message, null);
  }

  public BackupException(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  static BackupException share(ShareException e) {
    return new BackupException(Kind.SHARE, e.getMessage(), e);
  }

  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#SHARE}: what kind of share failure (unreachable, full, ...). */
  public Optional<ShareException.Kind> shareKind() {
    return getCause() instanceof ShareException se ? Optional.of(se.kind()) : Optional.empty();
  }
}
