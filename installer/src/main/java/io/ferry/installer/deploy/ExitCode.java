package io.ferry.installer.deploy;

import io.ferry.installer.backup.BackupException;

/** Exit codes of the installer, a contract for scripts and monitoring (docs/onprem/install.md). */
public final class ExitCode {
  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int DRIFT = 3;
  public static final int CONFIG = 4;
  public static final int PREFLIGHT = 5;
  public static final int IO = 6;
  public static final int BUNDLE_REJECTED = 10;
  public static final int SIGNATURE_REJECTED = 11;
  public static final int DOCKER = 13;
  public static final int LOAD = 14;
  public static final int RESTORE = 15;
  public static final int START = 16;
  public static final int MIGRATION = 17;
  public static final int UNHEALTHY = 18;
  public static final int DECLINED = 19;
  /** The backup share cannot be used: unreachable, wrong credentials, no such share or folder, no rights, full. */
  public static final int BACKUP_SHARE = 20;
  /** The backup repository is damaged: a snapshot or chunk is missing or does not verify. */
  public static final int BACKUP_DAMAGED = 21;
  /** Refused: another backup or prune holds the repository, or retention on a write-once share. */
  public static final int BACKUP_REFUSED = 22;
  /** Taking the backup failed: the database dump or a volume could not be read. */
  public static final int BACKUP_FAILED = 23;
  public static final int INTERRUPTED = 130;

  /** The exit code of a failed backup repository operation, the same for every command. */
  public static int of(BackupException e) {
    return switch (e.kind()) {
      case LOCKED, WRITE_ONCE -> BACKUP_REFUSED;
      case DAMAGED, UNSUPPORTED_VERSION, NOT_FOUND -> BACKUP_DAMAGED;
      case SHARE, NOT_A_REPOSITORY, NOT_EMPTY, ALREADY_EXISTS -> BACKUP_SHARE;
    };
  }

  private ExitCode() {}
}
