package io.ferry.installer.deploy;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.images.ImageLoadPlan;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code ferry deploy} would do on this host, derived from the bundle, the customer's
 * configuration and what the host holds now. Computing it changes nothing.
 */
public record DeployPlan(OpenedBundle bundle, CustomerConfig config, StackPaths paths, Map<String, String> env,
    String envFileText, List<String> profiles, List<String> enabledServices, ImageLoadPlan images, DataAction data,
    BackupChoice backup, List<String> dataVolumes, List<ServiceChange> services, boolean migrations, DeploymentRecord previous,
    boolean nothingToDo, String url, boolean readsEveryEntry) {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** What happens to the stack's data. */
  public enum DataAction {
    RESTORE_VANILLA("restore the vanilla data from the bundle (this host has no data for the stack yet)"),
    RESTORE_BACKUP("restore a backup from the share (this host has no data for the stack yet)"),
    REDO_INTERRUPTED_RESTORE("redo the restore that was interrupted last time (its partial data is discarded)"),
    KEEP_EXISTING("keep the existing data"),
    REPLACE_EXISTING("DISCARD the stack's data on this host (--replace-data) and restore the vanilla data from the"
        + " bundle"),
    NONE("no data to restore (the stack declares none)");

    private final String description;

    DataAction(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** One service's fate: create, replace (with the reason) or keep. */
  public record ServiceChange(String service, String action, String reason) {}

  public String project() {
    return bundle.descriptor().project();
  }

  /**
   * What this host becomes, in one sentence for a person deciding where the data comes from, e.g.
   * "This host has no data of acd-demo; the share holds a backup of release 1.0.0 from 2026-11-21 02:00
   * UTC (host acd01, 12.3 MiB) -> restore it and start 1.0.1 (an out-of-place update from 1.0.0)".
   */
  public String outlook() {
    var m = bundle.manifest();
    return outlook(data, m.stack(), m.release(), previous == null ? null : previous.release(), backup,
        config.restoresFromBackup(), nothingToDo);
  }

  static String outlook(DataAction data, String stack, String release, String previousRelease, BackupChoice backup,
      boolean fromBackup, boolean nothingToDo) {
    if (nothingToDo) {
      return "This host runs " + stack + " " + release + " with these settings -> nothing to do";
    }
    return switch (data) {
      case RESTORE_BACKUP -> "This host has no data of " + stack + "; the share holds " + backupFacts(backup)
          + " -> restore it and start " + release + " (" + (backup.snapshot().release().equals(release)
              ? "the same release" : "an out-of-place update from " + backup.snapshot().release()) + ")"
          + passedOver(backup);
      case RESTORE_VANILLA -> "This host has no data of " + stack + " -> start " + release + " with the bundle's"
          + " vanilla data (a new installation)";
      case REDO_INTERRUPTED_RESTORE -> "A restore on this host was interrupted -> its partial data is discarded, "
          + (backup == null ? "the bundle's vanilla data" : backupFacts(backup)) + " is restored again and " + release
          + " starts";
      case KEEP_EXISTING -> (previousRelease == null ? "This host holds data of " + stack + " already -> it is kept"
          + " and " + release + " starts on it" : "This host runs " + stack + " " + previousRelease + " -> its data is"
          + " kept and " + (previousRelease.equals(release) ? release + " gets the new settings"
              : release + " starts on it (an update in place)"))
          + (fromBackup ? "; nothing is restored from the share" : "");
      case REPLACE_EXISTING -> "This host holds data of " + stack + " -> it is DISCARDED (--replace-data), "
          + (backup == null ? "the bundle's vanilla data" : backupFacts(backup)) + " is restored and " + release
          + " starts";
      case NONE -> "The stack keeps no data -> start " + release;
    };
  }

  private static String backupFacts(BackupChoice b) {
    var s = b.snapshot();
    return "a backup of release " + s.release() + " from " + WHEN.format(s.time()) + " (host " + s.host() + ", "
        + ConsoleProgressBar.bytes(s.size()) + ")";
  }

  private static String passedOver(BackupChoice b) {
    return b.passedOver().isEmpty() ? "" : "; " + b.passedOver().size() + " newer backup(s) do not verify and are"
        + " passed over";
  }

  /** The plan in plain words, one line each, for the terminal and the wizard. */
  /** The stored bytes of the bundle that deploy will not read: the layers the engine holds, unless --verify-all. */
  public long bytesNotRead() {
    return readsEveryEntry ? 0 : images.heldStoredBytes();
  }

  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    var m = bundle.manifest();
    lines.add(m.product() + " " + m.release() + " (" + m.stack() + "), signed by " + bundle.signature().keyId()
        + " (" + bundle.signature().userId() + ")");
    if (previous != null) {
      lines.add("this host runs release " + previous.release() + " since " + previous.deployedAt());
    } else {
      lines.add("this host has no deployment of " + m.stack() + " yet");
    }
    if (nothingToDo) {
      lines.add("nothing to do: release " + m.release() + " runs with this configuration and is healthy");
      return lines;
    }
    long held = bytesNotRead();
    if (held == 0) {
      lines.add("1. verify every entry of the bundle (" + ConsoleProgressBar.bytes(m.storedBytes()) + ")");
    } else {
      lines.add("1. verify the signature and every entry this host uses (" + ConsoleProgressBar.bytes(m.storedBytes() - held)
          + "); the layers the engine already holds (" + ConsoleProgressBar.bytes(held) + ") are not read"
          + " (--verify-all reads them)");
    }
    if (images.nothingToLoad()) {
      lines.add("2. images: all " + m.images().size() + " already in the Docker engine");
    } else {
      lines.add("2. load " + images.missingImages().size() + " of " + m.images().size() + " images: "
          + images.layersToLoad().size() + (images.layersToLoad().size() == 1 ? " layer, " : " layers, ") + ConsoleProgressBar.bytes(images.bytesToLoad())
          + " (" + ConsoleProgressBar.bytes(images.bytesPresent()) + " already present)");
    }
    lines.add("3. write the compose project to " + paths.root() + " (sizing " + config.sizing() + ", profiles "
        + (profiles.isEmpty() ? "none" : String.join(",", profiles)) + ")");
    lines.add("4. data: " + (backup == null ? data.description() : switch (data) {
      case REDO_INTERRUPTED_RESTORE -> "redo the interrupted restore (its partial data is discarded): restore "
          + backup.describe(m.release());
      case REPLACE_EXISTING -> "DISCARD the stack's data on this host (--replace-data) and restore "
          + backup.describe(m.release());
      default -> "restore " + backup.describe(m.release()) + " (this host has no data for the stack yet)";
    }));
    lines.add("5. start with docker compose: " + String.join(", ", services.stream()
        .map(s -> s.service() + " " + s.action() + (s.reason().isEmpty() ? "" : " (" + s.reason() + ")")).toList()));
    lines.add("6. migrations: " + (migrations ? String.join(" ", bundle.descriptor().migrations().command()) + " in "
        + bundle.descriptor().migrations().service() : "none"));
    lines.add("7. wait until every service is healthy (at most " + bundle.descriptor().healthTimeoutSeconds() + " s)");
    lines.add("8. record the deployment in " + paths.record());
    return lines;
  }
}
