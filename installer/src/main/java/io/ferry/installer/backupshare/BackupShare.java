package io.ferry.installer.backupshare;

import io.ferry.installer.backupshare.PasswordSource.Password;
import io.ferry.installer.config.BackupSettings;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.share.Shares;
import io.ferry.installer.share.SmbShareSettings;
import java.time.Duration;

/**
 * Opens the backup share that a customer configuration names, with the SMB password from a
 * {@link PasswordSource}: meant as the one way the backup commands, a restore from the share and the
 * wizard get at it, so the password rules hold everywhere. Stateless and thread-safe.
 */
public final class BackupShare {
  private BackupShare() {}

  /**
   * Connects, logs in and checks the folder (see {@link Shares#open}), waiting at most
   * {@link Shares#DEFAULT_TIMEOUT} for each answer.
   *
   * @param passwords consulted only for an SMB share
   * @throws ConfigException the configuration has no {@code backup} section, or the password cannot be had
   *     (missing or unsafe password file, no password at all); the message says what to fix
   * @throws ShareException the share layer's message: unreachable, timeout, wrong credentials (saying where the
   *     password came from), no such share or folder, permission denied
   */
  public static Share open(CustomerConfig config, PasswordSource passwords) throws ConfigException, ShareException {
    return open(config, passwords, Shares.DEFAULT_TIMEOUT);
  }

  /** As {@link #open(CustomerConfig, PasswordSource)}, with another timeout. */
  public static Share open(CustomerConfig config, PasswordSource passwords, Duration timeout)
      throws ConfigException, ShareException {
    BackupSettings backup = config.requireBackup();
    if (!(backup.share() instanceof SmbShareSettings smb)) {
      return Shares.open(backup.share(), null, timeout);
    }
    // The share keeps its own copy of the password for further connections; ours is wiped at once.
    try (Password password = passwords.passwordFor(smb, config.sourceName())) {
      try {
        return Shares.open(smb, password.chars(), timeout);
      } catch (ShareException e) {
        if (e.kind() != ShareException.Kind.AUTHENTICATION || password.fromFile()) {
          throw e;
        }
        // The share layer names the password file when there is one; otherwise say where it came from.
        throw new ShareException(e.kind(), e.getMessage() + " (the password came from " + password.origin() + ")",
            e);
      }
    }
  }
}
