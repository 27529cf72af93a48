package io.ferry.tui.wizard;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.tui.ui.Choice;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Snapshots as the screens list them: newest first, "2026-11-21 02:00  acd-demo 1.0.0, host acd01, 12.3 MiB". */
public final class SnapshotRows {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private SnapshotRows() {}

  /** "2026-11-21 02:00" (UTC, as 'ferry backups' shows it). */
  public static String when(Instant time) {
    return WHEN.format(time);
  }

  /** "acd-demo 1.0.0, host acd01, 12.3 MiB", or "DAMAGED: why". */
  public static String facts(SnapshotEntry e) {
    Snapshot s = e.snapshot();
    return s == null ? "DAMAGED: " + e.problem()
        : s.stack() + " " + s.release() + ", host " + s.host() + ", " + ConsoleProgressBar.bytes(s.size());
  }

  /** One line a snapshot, newest first. */
  public static String line(SnapshotEntry e) {
    return when(e.time()) + "  " + facts(e);
  }

  /** Newest first. */
  public static List<SnapshotEntry> newestFirst(List<SnapshotEntry> snapshots) {
    List<SnapshotEntry> list = new ArrayList<>(snapshots);
    java.util.Collections.reverse(list);
    return list;
  }

  /** The snapshots as options of a choice: the value is the snapshot's name, the label its time. */
  public static List<Choice.Option> options(List<SnapshotEntry> snapshots) {
    return newestFirst(snapshots).stream().map(e -> new Choice.Option(e.name(), when(e.time()), facts(e))).toList();
  }
}
