package io.ferry.installer.cli;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.backup.CheckReport;
import io.ferry.installer.backup.ChunkProblem;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.ExitCode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "check",
    description = {
        "Verifies the backup repository on the share: every snapshot document, and every chunk a snapshot needs.",
        "",
        "Without --read-data it checks that each chunk is there (fast); with --read-data it reads every chunk"
            + " back and re-hashes it, which finds a file the share damaged. Each missing or corrupt chunk is"
            + " named with the snapshots it breaks. Exit code 0: every snapshot can be restored; 21: not.",
        ""},
    mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BackupTarget target;

  @Option(names = "--read-data", description = "Read and re-hash every chunk (reads the whole repository once).")
  boolean readData;

  private record Checked(String where, CheckReport report) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CustomerConfig config = target.customerConfig();
    ProgressListener progress = target.json ? new JsonEvents(out) : ConsoleProgressBar.onStderr();
    Checked result = BackupTarget.onRepository(config, repo -> new Checked(repo.describe(),
        repo.check(readData, progress)));
    String where = result.where();
    CheckReport r = result.report();
    if (target.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("repository", where);
      m.put("ok", r.ok());
      m.put("dataRead", r.dataRead());
      m.put("snapshots", r.snapshots());
      m.put("chunksNeeded", r.chunksNeeded());
      m.put("bytesRead", r.bytesRead());
      m.put("damagedSnapshots", r.damagedSnapshots().stream().map(e -> Map.of("name", e.name(), "problem",
          e.problem())).toList());
      m.put("problems", r.problems().stream().map(p -> Map.of("chunk", p.chunkId(), "kind", p.kind().name(),
          "detail", p.detail(), "snapshots", p.snapshots())).toList());
      m.put("affectedSnapshots", r.affectedSnapshots());
      m.put("unreferencedChunks", r.unreferencedChunks());
      JsonEvents.print(out, "result", m);
    } else {
      for (SnapshotEntry e : r.damagedSnapshots()) {
        out.printf("DAMAGED snapshot %s: %s%n", e.name(), e.problem());
      }
      for (ChunkProblem p : r.problems()) {
        // The detail often starts by naming the chunk again; say it once.
        String detail = p.detail().replace("chunk " + p.chunkId() + " ", "");
        out.printf("%s chunk %s (%s), needed by %s%n", p.kind(), p.chunkId(), detail, String.join(", ",
            p.snapshots()));
      }
      String checked = r.snapshots() + " snapshots, " + r.chunksNeeded() + " chunks"
          + (r.dataRead() ? " read and re-hashed (" + ConsoleProgressBar.bytes(r.bytesRead()) + ")"
              : " present (run with --read-data to re-hash them)");
      if (r.ok()) {
        out.printf("ok: %s in %s%n", checked, where);
      } else {
        out.printf("DAMAGED: %s; %d snapshots cannot be restored: %s. Restore another one (ferry backups lists them;"
            + " set data.snapshot in the configuration), and take a new backup now with 'ferry backup'%n", checked,
            r.affectedSnapshots().size() + r.damagedSnapshots().size(), String.join(", ", r.affectedSnapshots()));
      }
      if (r.unreferencedChunks() > 0 || r.temporaryObjects() > 0) {
        out.printf("note: %d chunks no snapshot needs and %d half-written objects (left by failed backups or"
            + " forget); harmless, 'ferry forget --prune' removes them%n", r.unreferencedChunks(), r.temporaryObjects());
      }
      out.flush();
    }
    return r.ok() ? 0 : ExitCode.BACKUP_DAMAGED;
  }
}
