package io.ferry.installer.backup;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which snapshots {@code ferry forget} keeps, as restic does: {@code keepDaily} N keeps the newest
 * snapshot of each of the N most recent days that have snapshots; {@code keepWeekly} M the newest of
 * each of the M most recent ISO weeks (Monday to Sunday) that have snapshots. A snapshot either rule
 * keeps is kept; everything else is forgotten. Days and weeks are counted in {@code zone}, the host's
 * time zone by default, so "the backup of Tuesday night" means what on-site IT expects.
 *
 * @param keepDaily days to keep one snapshot of, 0 or more
 * @param keepWeekly weeks to keep one snapshot of, 0 or more
 * @param zone the time zone days and weeks are counted in
 */
public record RetentionPolicy(int keepDaily, int keepWeekly, ZoneId zone) {
  public RetentionPolicy {
    if (keepDaily < 0 || keepWeekly < 0) {
      throw new IllegalArgumentException("--keep-daily and --keep-weekly cannot be negative");
    }
    if (keepDaily == 0 && keepWeekly == 0) {
      throw new IllegalArgumentException("a retention policy must keep something: give --keep-daily or --keep-weekly");
    }
    Objects.requireNonNull(zone, "zone");
  }

  public RetentionPolicy(int keepDaily, int keepWeekly) {
    this(keepDaily, keepWeekly, ZoneId.systemDefault());
  }

  /** The readable snapshots to keep, newest first (damaged ones are not judged here: forget keeps them). */
  List<SnapshotEntry> keep(List<SnapshotEntry> readable) {
    List<SnapshotEntry> newestFirst = new ArrayList<>(readable);
    newestFirst.sort(Comparator.comparing(SnapshotEntry::time).thenComparing(SnapshotEntry::name).reversed());
    Set<SnapshotEntry> keep = new LinkedHashSet<>();
    pick(newestFirst, keepDaily, e -> e.time().atZone(zone).toLocalDate(), keep);
    pick(newestFirst, keepWeekly, e -> {
      LocalDate d = e.time().atZone(zone).toLocalDate();
      return d.get(IsoFields.WEEK_BASED_YEAR) * 100 + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }, keep);
    List<SnapshotEntry> out = new ArrayList<>();
    for (SnapshotEntry e : newestFirst) {
      if (keep.contains(e)) {
        out.add(e);
      }
    }
    return out;
  }

  private static void pick(List<SnapshotEntry> newestFirst, int count, java.util.function.Function<SnapshotEntry, Object> bucket,
      Set<SnapshotEntry> keep) {
    Object last = null;
    int kept = 0;
    for (SnapshotEntry e : newestFirst) {
      if (kept >= count) {
        return;
      }
      Object b = bucket.apply(e);
      if (!b.equals(last)) {
        keep.add(e);
        kept++;
        last = b;
      }
    }
  }
}
