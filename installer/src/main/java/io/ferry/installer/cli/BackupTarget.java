package io.ferry.installer.cli;

import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backup.BackupRepository;
import io.ferry.installer.backupshare.BackupShare;
import io.ferry.installer.backupshare.PasswordSource;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.status.StackStatus;
import io.ferry.installer.status.StatusException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What the backup commands share: which customer configuration (given, or the deployed stack's copy),
 * its share, and the repository in it; and how their failures map to exit codes.
 */
final class BackupTarget {
  @Option(names = "--config", paramLabel = "FILE",
      description = "The customer configuration with the backup share (default: the one the stack was last deployed"
          + " with, <state dir>/<stack>/customer.yaml).")
  Path config;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where Ferry keeps its stacks, to find the deployed configuration (default: /var/lib/ferry).")
  Path stateDir = StackStatus.DEFAULT_STATE_DIR;

  @Option(names = "--json", description = "Machine-readable output: one JSON object per line (events, then the result).")
  boolean json;

  @Option(names = "--stacktrace", description = "Print the stack trace of a failure.")
  boolean stacktrace;

  /** The configuration: --config, else the deployed stack's copy. */
  CustomerConfig customerConfig() {
    Path file = config;
    if (file == null) {
      try {
        file = StackStatus.find(stateDir, null).paths().customerConfig();
      } catch (StatusException e) {
        throw new CommandFailure(e.getMessage() + "; or give the configuration with --config customer.yaml",
            ExitCode.USAGE, e);
      }
      if (!Files.exists(file)) {
        throw new CommandFailure("the deployed stack has no saved configuration (" + file + "): give it with --config"
            + " customer.yaml", ExitCode.USAGE, null);
      }
    }
    try {
      return CustomerConfig.read(file);
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.CONFIG, e);
    }
  }

  /** Opens the configuration's share (the SMB password from its file, the environment or a prompt). */
  static Share openShare(CustomerConfig config) {
    try {
      return BackupShare.open(config, PasswordSource.standard());
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.CONFIG, e);
    } catch (ShareException e) {
      throw new CommandFailure("the backup share: " + e.getMessage(), ExitCode.BACKUP_SHARE, e);
    }
  }

  /** The repository on the share; a folder without one is refused unless {@code create}. */
  static BackupRepository openRepository(Share share, CustomerConfig config, boolean create) {
    try {
      return create ? BackupRepository.openOrInit(share, "", config.requireBackup().writeOnce())
          : BackupRepository.open(share, "");
    } catch (ConfigException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.CONFIG, e);
    } catch (BackupException e) {
      throw failure(e);
    }
  }

  /** Closes the share; what was read is complete, so a failure to hang up is no failure of the command. */
  static void close(Share share) {
    try {
      share.close();
    } catch (ShareException e) {
      // nothing to do: connections end with the process
    }
  }

  static CommandFailure failure(BackupException e) {
    return new CommandFailure(e.getMessage(), ExitCode.of(e), e);
  }

  /** What a command does with the repository. */
  @FunctionalInterface
  interface RepositoryWork<T> {
    T run(BackupRepository repository) throws BackupException;
  }

  /**
   * Opens the configuration's share and the repository in it (which must exist), runs {@code work},
   * and hangs up; a repository failure becomes the command's failure.
   */
  static <T> T onRepository(CustomerConfig config, RepositoryWork<T> work) {
    Share share = openShare(config);
    try {
      return work.run(openRepository(share, config, false));
    } catch (BackupException e) {
      throw failure(e);
    } finally {
      close(share);
    }
  }
}
