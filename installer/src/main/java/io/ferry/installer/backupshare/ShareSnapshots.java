package io.ferry.installer.backupshare;

import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backup.BackupRepository;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.backup.VerifyResult;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.share.Shares;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotStreamReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The backups on the share that a customer configuration names, for a person choosing one before
 * anything is deployed (the wizard's "Test connection" and its disaster-recovery screens): connect and
 * list the snapshots, check one by reading every chunk, read the configuration a backup kept. Each call
 * opens the share with {@link BackupShare#open} and closes it again. Stateless and thread-safe.
 */
public final class ShareSnapshots {
  /** The stream in which a backup keeps the customer configuration it was taken with. */
  public static final String CONFIG_STREAM = "config/customer.yaml";
  /** A kept configuration longer than this is not one. */
  static final int MAX_CONFIG = 1 << 20;

  private ShareSnapshots() {}

  /**
   * What the share's folder holds.
   *
   * @param where the share and folder, for messages: "smb://nas01:445/backup/ferry (user svc-ferry)"
   * @param repository false when the folder is empty or missing: no backup has been taken there yet
   * @param snapshots every snapshot, oldest first; one whose document cannot be read is listed as damaged
   */
  public record Listing(String where, boolean repository, List<SnapshotEntry> snapshots) {
    public Listing {
      snapshots = List.copyOf(snapshots);
    }
  }

  /**
   * Connects, logs in and lists the snapshots.
   *
   * @throws ConfigException no backup section, or no password (see {@link BackupShare#open})
   * @throws ShareException the share cannot be reached or opened; the message names the setting to fix
   * @throws BackupException the folder holds other files but no backup repository, or the share failed
   *     while listing ({@link BackupException#shareKind()})
   */
  public static Listing list(CustomerConfig config, PasswordSource passwords)
      throws ConfigException, ShareException, BackupException {
    try (Share share = BackupShare.open(config, passwords)) {
      try {
        BackupRepository repo = BackupRepository.open(share, "");
        return new Listing(repo.describe(), true, repo.snapshots());
      } catch (BackupException e) {
        if (e.kind() != BackupException.Kind.NOT_A_REPOSITORY || !empty(share)) {
          throw e;
        }
        return new Listing(share.describe(), false, List.of());
      }
    }
  }

  private static boolean empty(Share share) throws ShareException {
    return share.list("").stream().allMatch(Shares::isTemporary);
  }

  /**
   * Checks that snapshot {@code name} can be restored: every chunk it needs is read from the share,
   * decompressed and re-hashed, reporting progress in bytes.
   *
   * @throws BackupException NOT_FOUND (no such snapshot), DAMAGED (its document cannot be read), SHARE
   */
  public static VerifyResult verify(CustomerConfig config, PasswordSource passwords, String name,
      ProgressListener listener) throws ConfigException, ShareException, BackupException {
    try (Share share = BackupShare.open(config, passwords)) {
      BackupRepository repo = BackupRepository.open(share, "");
      return repo.verify(repo.snapshot(name), true, listener);
    }
  }

  /**
   * The customer configuration that snapshot {@code name} was taken with (its {@value #CONFIG_STREAM}
   * stream, read through the verifying reader), or empty when the backup kept none. Messages about it
   * name it as "SNAPSHOT/config/customer.yaml".
   *
   * @throws ConfigException the kept configuration is not a valid one (the message names the line)
   * @throws BackupException the snapshot or one of the stream's chunks cannot be read
   */
  public static Optional<CustomerConfig> savedConfiguration(CustomerConfig config, PasswordSource passwords,
      String name) throws ConfigException, ShareException, BackupException {
    byte[] yaml;
    try (Share share = BackupShare.open(config, passwords)) {
      BackupRepository repo = BackupRepository.open(share, "");
      Snapshot snapshot = repo.snapshot(name).snapshot();
      if (snapshot.stream(CONFIG_STREAM).isEmpty()) {
        return Optional.empty();
      }
      try (SnapshotStreamReader in = repo.openStream(snapshot, CONFIG_STREAM)) {
        yaml = in.readNBytes(MAX_CONFIG + 1);
        if (yaml.length > MAX_CONFIG) {
          throw new BackupException(BackupException.Kind.DAMAGED, "the configuration kept in snapshot " + name
              + " is larger than " + MAX_CONFIG + " bytes: it is no customer configuration");
        }
      } catch (IOException e) {
        throw new BackupException(BackupException.Kind.DAMAGED, "the configuration kept in snapshot " + name
            + " cannot be read: " + e.getMessage(), e);
      }
    }
    return Optional.of(CustomerConfig.parse(yaml, Path.of("/", name, CONFIG_STREAM)));
  }
}
