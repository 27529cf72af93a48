package io.ferry.tui.wizard;

import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backupshare.ShareSnapshots;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.share.ShareException;
import java.nio.file.Path;

/**
 * What the wizard asks of the installer: the same calls the headless CLI makes, behind one small
 * interface so that the screens can be tested without Docker ({@link LiveInstaller} is the real
 * one). Every method may take long and is called off the UI thread.
 *
 * <p>{@code sharePassword} is the SMB password typed on the data source screen, or null: then the
 * password comes from the configuration's password file or FERRY_SHARE_PASSWORD, never from a prompt
 * (the wizard owns the terminal). Implementations never keep, log or write it.
 */
public interface Installer {
  /** Is Docker there: the engine and compose, as on the welcome screen. Never throws. */
  HostFacts host();

  /**
   * Verifies the whole bundle (signature, then every entry), reporting progress, then opens it for
   * planning.
   *
   * @throws DeployException whose message says why the bundle is refused and what to do
   */
  BundleFacts verify(Path bundle, Path trust, ProgressListener progress) throws DeployException;

  /** {@code ferry plan} and {@code ferry preflight}: what deploy would do here, and the host checks. */
  PlanFacts plan(BundleFacts bundle, CustomerConfig config, char[] sharePassword) throws DeployException;

  /** {@code ferry deploy --yes} of a plan, reporting each step as a task. */
  DeployOutcome deploy(BundleFacts bundle, PlanFacts plan, char[] sharePassword, ProgressListener progress)
      throws DeployException;

  /**
   * "Test connection": connects to the backup share that {@code config} names and lists its snapshots
   * ({@link ShareSnapshots#list}); the exceptions carry the share layer's message and kind.
   */
  ShareSnapshots.Listing probe(CustomerConfig config, char[] sharePassword)
      throws ConfigException, ShareException, BackupException;

  /**
   * Checks snapshot {@code name} by reading every chunk (with progress), then reads the configuration
   * the backup kept, for a disaster recovery.
   */
  SnapshotCheck check(CustomerConfig config, char[] sharePassword, String name, ProgressListener progress)
      throws ConfigException, ShareException, BackupException;

  /** What this host becomes with this bundle and configuration (the plan's one-sentence outlook). */
  String outlook(BundleFacts bundle, CustomerConfig config, char[] sharePassword) throws DeployException;
}
