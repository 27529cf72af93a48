package io.ferry.installer.cli;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.backup.ForgetResult;
import io.ferry.installer.backup.PruneResult;
import io.ferry.installer.backup.RetentionPolicy;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.config.BackupSettings;
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
    name = "forget",
    description = {
        "Removes old backups by a retention rule, then deletes the chunks no remaining backup needs (prune).",
        "",
        "Keeps the newest backup of each of the last N days (--keep-daily) and of each of the last M weeks"
            + " (--keep-weekly); without the options, the configuration's backup.retention applies. Off by"
            + " default: nothing is ever deleted unless you run this. Refused on a share marked write_once, and"
            + " while a backup runs. --dry-run shows what would go.",
        ""},
    mixinStandardHelpOptions = true)
final class ForgetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BackupTarget target;

  @Option(names = "--keep-daily", paramLabel = "N", description = "Keep the newest backup of each of the last N days.")
  Integer keepDaily;

  @Option(names = "--keep-weekly", paramLabel = "M", description = "Keep the newest backup of each of the last M weeks.")
  Integer keepWeekly;

  @Option(names = "--dry-run", description = "Only list what would be removed; change nothing.")
  boolean dryRun;

  @Option(names = "--no-prune", description = "Remove the backups' documents but leave their chunks (prune later).")
  boolean noPrune;

  private record Outcome(ForgetResult forgot, PruneResult pruned) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CustomerConfig config = target.customerConfig();
    RetentionPolicy policy = policy(config);
    ProgressListener progress = target.json ? new JsonEvents(out) : ConsoleProgressBar.onStderr();
    Outcome outcome = BackupTarget.onRepository(config, repo -> {
      ForgetResult f = repo.forget(policy, dryRun);
      return new Outcome(f, dryRun || noPrune ? null : repo.prune(progress));
    });
    ForgetResult forgot = outcome.forgot();
    PruneResult pruned = outcome.pruned();
    if (target.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dryRun", dryRun);
      m.put("kept", forgot.kept().stream().map(SnapshotEntry::name).toList());
      m.put("forgotten", forgot.forgotten().stream().map(SnapshotEntry::name).toList());
      if (pruned != null) {
        m.put("chunksDeleted", pruned.chunksDeleted());
        m.put("bytesFreed", pruned.bytesFreed());
      }
      JsonEvents.print(out, "result", m);
      return 0;
    }
    for (SnapshotEntry e : forgot.forgotten()) {
      out.printf("%s %s%n", dryRun ? "would remove" : "removed", e.name());
    }
    out.printf("%s %d backups, kept %d (keep-daily %d, keep-weekly %d)%n", dryRun ? "would remove" : "removed",
        forgot.forgotten().size(), forgot.kept().size(), policy.keepDaily(), policy.keepWeekly());
    if (pruned != null) {
      out.printf("pruned %d chunks no backup needs (%s freed), %d half-written objects%n", pruned.chunksDeleted(),
          ConsoleProgressBar.bytes(pruned.bytesFreed()), pruned.temporaryDeleted());
    }
    out.flush();
    return 0;
  }

  private RetentionPolicy policy(CustomerConfig config) {
    BackupSettings.Retention configured = config.backup() == null ? null : config.backup().retention();
    int daily = keepDaily != null ? keepDaily : configured != null ? configured.keepDaily() : -1;
    int weekly = keepWeekly != null ? keepWeekly : configured != null ? configured.keepWeekly() : -1;
    if (keepDaily == null && keepWeekly == null && configured == null) {
      throw new CommandFailure("no retention rule: give --keep-daily N and/or --keep-weekly M, or set"
          + " backup.retention in " + config.sourceName(), ExitCode.USAGE, null);
    }
    try {
      return new RetentionPolicy(Math.max(daily, 0), Math.max(weekly, 0));
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(e.getMessage(), ExitCode.USAGE, e);
    }
  }
}
