package io.ferry.installer.share;

import java.util.Objects;

/**
 * A share operation failed. {@link #kind()} says what kind of failure it was, so callers can choose an
 * exit code or a retry; the message is one line that says what happened and what to do, e.g. "the SMB
 * server 10.0.0.5:445 refused the user 'backup': check the password in
 * /etc/ferry/secrets/share-password". The protocol library's exception, if any, is the cause.
 */
public final class ShareException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure. */
  public enum Kind {
    /** The server cannot be reached: unknown host, refused connection, no route. */
    UNREACHABLE,
    /** The server did not answer in time. */
    TIMEOUT,
    /** The server refused the credentials (user, password, domain; for NFS the uid/gid or client port). */
    AUTHENTICATION,
    /** The share, export, folder or object does not exist. */
    NOT_FOUND,
    /** The user may not do this here (read-only folder or share, missing rights). */
    PERMISSION_DENIED,
    /** The share is full, or the user's quota is used up. */
    FULL,
    /** Any other input/output failure (including a source stream that failed while being written). */
    IO
  }

  private final Kind kind;

  public ShareException(Kind kind, String message) {
    this(kind, message, null);
  }

  public ShareException(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
