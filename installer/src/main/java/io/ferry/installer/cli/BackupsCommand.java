package io.ferry.installer.cli;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.signing.snapshot.Snapshot;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "backups",
    description = {
        "Lists the backups (snapshots) on the backup share: time, release, host, size and the new bytes each"
            + " one stored.",
        "",
        "A snapshot whose document cannot be read is listed as DAMAGED with the reason; 'ferry check' tells"
            + " whether every listed snapshot can be restored.",
        ""},
    mixinStandardHelpOptions = true)
final class BackupsCommand implements Callable<Integer> {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin BackupTarget target;

  private record Listing(String where, List<SnapshotEntry> entries) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CustomerConfig config = target.customerConfig();
    Listing listing = BackupTarget.onRepository(config, repo -> new Listing(repo.describe(), repo.snapshots()));
    String where = listing.where();
    List<SnapshotEntry> entries = listing.entries();
    if (target.json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (SnapshotEntry e : entries) {
        list.add(toMap(e));
      }
      JsonEvents.print(out, "result", Map.of("repository", where, "snapshots", list));
      return 0;
    }
    out.printf("backups in %s%n", where);
    if (entries.isEmpty()) {
      out.println("no backups yet: 'ferry backup' takes one");
      out.flush();
      return 0;
    }
    out.printf("%-19s  %-10s %-16s %-9s %9s %10s  %s%n", "time (UTC)", "stack", "release", "host", "size",
        "new bytes", "snapshot");
    for (SnapshotEntry e : entries) {
      Snapshot s = e.snapshot();
      if (s == null) {
        out.printf("%-19s  DAMAGED: %s  (%s)%n", TIME.format(e.time()), e.problem(), e.name());
      } else {
        out.printf("%-19s  %-10s %-16s %-9s %9s %10s  %s%n", TIME.format(s.time()), s.stack(), s.release(), s.host(),
            ConsoleProgressBar.bytes(s.size()), ConsoleProgressBar.bytes(s.newBytes()), e.name());
      }
    }
    out.printf("%d backups%n", entries.size());
    out.flush();
    return 0;
  }

  static Map<String, Object> toMap(SnapshotEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.name());
    m.put("time", e.time().toString());
    Snapshot s = e.snapshot();
    if (s == null) {
      m.put("damaged", e.problem());
    } else {
      m.put("stack", s.stack());
      m.put("release", s.release());
      m.put("host", s.host());
      m.put("kind", s.kind().token());
      m.put("size", s.size());
      m.put("newBytes", s.newBytes());
      m.put("streams", s.streams().stream().map(st -> Map.of("name", st.name(), "format", st.format(),
          "size", st.size())).toList());
    }
    return m;
  }
}
