package io.ferry.installer.schedule;

/**
 * The nightly job could not be installed, changed or removed. The message is one line that says what
 * failed and what to do, e.g. "systemctl enable ferry-backup-acd-demo.timer failed (exit 1: ...);
 * see 'systemctl status ferry-backup-acd-demo.timer'". What was there before is left as it was,
 * or the message says what is left.
 */
public final class ScheduleException extends Exception {
  private static final long serialVersionUID = 1L;

  public ScheduleException(String message) {
    super(message);
  }

  public ScheduleException(String message, Throwable cause) {
    super(message, cause);
  }
}
