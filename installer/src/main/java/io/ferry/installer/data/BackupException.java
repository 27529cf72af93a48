package io.ferry.installer.data;

/** The stack's data cannot be backed up as it is now; the message says why and what to do. */
public final class BackupException extends Exception {
  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
