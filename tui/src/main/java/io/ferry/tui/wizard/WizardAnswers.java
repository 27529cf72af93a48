package io.ferry.tui.wizard;

import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.backupshare.ShareSnapshots;
import io.ferry.installer.config.BackupSettings;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.SmbShareSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the wizard has gathered so far, screen by screen: the answer file in the making. Nothing of
 * it is written to the host before the Confirm on the summary screen. Used on the UI thread only.
 */
public final class WizardAnswers {
  /** Where trusted release keys live when --trust is not given (as for the CLI). */
  public static final Path DEFAULT_TRUST = Path.of("/etc/ferry/trusted-keys");

  /**
   * The backup share and where the data comes from, as the data source screen (and in a recovery the
   * snapshot screen) chose them.
   *
   * @param backup the backup section; null: none
   * @param source vanilla or backup
   * @param snapshot the snapshot to restore; null: the newest that verifies
   */
  public record DataChoice(BackupSettings backup, String source, String snapshot) {}

  public Path trust = DEFAULT_TRUST;
  /** A disaster recovery (--recover, or chosen on the welcome screen): share and snapshot first. */
  public boolean recover;
  /** What the data source screen chose; null: as the configuration says. */
  public DataChoice data;
  /**
   * The SMB password typed on the data source screen, or null. Never part of the configuration, never
   * logged; written only to the password file, on Confirm, when {@link #savePassword} is set.
   */
  public char[] sharePassword;
  /** Write {@link #sharePassword} to the configuration's password_file on Confirm. */
  public boolean savePassword;
  /** What "Test connection" found last. */
  public ShareSnapshots.Listing listing;
  /** In a recovery: the snapshot chosen and checked on the snapshot screen. */
  public SnapshotEntry snapshot;
  /** The bundle file last chosen (the chooser starts there). */
  public Path bundlePath;
  public BundleFacts bundle;
  /** An answer file to start from (--config or loaded on the configuration screen). */
  public CustomerConfig loaded;
  /** The configuration as the configuration screen last accepted it. */
  public CustomerConfig config;
  /** Where Confirm saves the answer file; null: {@link #defaultAnswerFile}. */
  public Path answerFile;
  public PlanFacts plan;
  public DeployOutcome outcome;
  /** Why the last deployment failed (what, why, what to do); null when it did not. */
  public String failure;
  /** The failure's exit code (as 'ferry deploy' would end). */
  public int failureCode;
  /** The step that was running when it failed. */
  public String failedStep;
  /** The deployment's log lines, for "Show log". */
  public java.util.List<String> deployLog = java.util.List.of();
  /** The folder the chooser lists (the current folder). */
  public Path folder = Path.of("").toAbsolutePath();

  /** {@code config} with the data source screen's choice in it (as it is when there was none). */
  public CustomerConfig withData(CustomerConfig config) {
    return data == null || config == null ? config : config.withData(data.backup(), data.source(), data.snapshot());
  }

  /** The SMB password file the answer file names, or null. */
  public Path passwordFile() {
    return config != null && config.backup() != null && config.backup().share() instanceof SmbShareSettings smb
        ? smb.passwordFile() : null;
  }

  /** The password file still has to be made by hand: it is named, not written by the wizard, and not there. */
  public boolean passwordFileToMake() {
    Path file = passwordFile();
    return file != null && !(savePassword && sharePassword != null) && !Files.exists(file);
  }

  /** Wipes the typed password from memory (when the wizard ends). */
  public void forgetPassword() {
    if (sharePassword != null) {
      Arrays.fill(sharePassword, '\0');
      sharePassword = null;
    }
  }

  /**
   * Where the answer file goes unless the user says otherwise: /etc/ferry/STACK.yaml when that folder
   * can be written, else next to the bundle, else the current folder.
   */
  public Path defaultAnswerFile(String stack) {
    if (answerFile != null) {
      return answerFile;
    }
    Path etc = Path.of("/etc/ferry");
    if (Files.isDirectory(etc) ? Files.isWritable(etc) : Files.isWritable(etc.getParent())) {
      return etc.resolve(stack + ".yaml");
    }
    Path next = bundlePath == null ? null : bundlePath.toAbsolutePath().getParent();
    if (next != null && Files.isWritable(next)) {
      return next.resolve(stack + "-customer.yaml");
    }
    return folder.resolve(stack + "-customer.yaml");
  }

  /** The headless command that replays this wizard run. */
  public String replayCommand() {
    return "ferry deploy " + bundlePath + " --config " + answerFile + " --trust " + trust + " --yes";
  }
}
