package io.ferry.installer.backup;

import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.share.Shares;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Locks keep prune from deleting chunks that a running backup relies on (a backup skips chunks the
 * repository already has; a prune that deleted one of those under it would leave its snapshot with a
 * hole). Shares offer no locking, so a lock is an object: a backup writes {@code locks/backup-…} and
 * then looks for {@code prune-…} locks; a prune writes {@code locks/prune-…} and then looks for any
 * other lock. Each backs off if it sees the other, so two that start together both back off and
 * neither runs unprotected. Several backups may run at once.
 *
 * <p>A lock is renewed (a new object, then the old one deleted) every {@code renewEvery}; one not
 * renewed for {@code staleAfter} is stale and ignored, as is one of a process on this host that no
 * longer runs. Host clocks must therefore agree to within minutes. Write-once repositories take no
 * locks: nothing there deletes, and a lock could not be removed.
 */
final class RepositoryLocks {
  static final String MAGIC = "ferry-lock";
  private final Share share;
  private final RepoLayout layout;
  private final String host;
  private final Clock clock;
  private final Duration staleAfter;

  RepositoryLocks(Share share, RepoLayout layout, String host, Clock clock, Duration staleAfter) {
    this.share = share;
    this.layout = layout;
    this.host = host;
    this.clock = clock;
    this.staleAfter = staleAfter;
  }

  /** A lock this process holds. */
  final class Held implements AutoCloseable {
    private final String kind;
    private volatile String name;
    private volatile Instant renewed;
    private volatile boolean released;

    private Held(String kind, String name, Instant renewed) {
      this.kind = kind;
      this.name = name;
      this.renewed = renewed;
    }

    String name() {
      return name;
    }

    /** When the lock was last written: older than the stale limit means others may ignore it. */
    Instant renewed() {
      return renewed;
    }

    /** Writes a fresh lock object, then deletes the old one (in that order: there is always one). */
    synchronized void renew() throws ShareException {
      if (released) {
        return;
      }
      Instant now = clock.instant();
      String fresh = write(kind, now);
      String old = name;
      name = fresh;
      renewed = now;
      share.delete(layout.lock(old));
    }

    @Override
    public synchronized void close() throws ShareException {
      if (!released) {
        released = true;
        share.delete(layout.lock(name));
      }
    }
  }

  /**
   * Takes a lock of {@code kind} ("backup" or "prune").
   *
   * @throws BackupException LOCKED if a lock that conflicts is held; the message names it and the fix
   */
  Held acquire(String kind) throws BackupException, ShareException {
    Instant now = clock.instant();
    String mine = write(kind, now);
    Held held = new Held(kind, mine, now);
    List<LockInfo> conflicts = new ArrayList<>();
    for (LockInfo l : list()) {
      if (l.name().equals(mine) || l.stale()) {
        continue;
      }
      if (kind.equals("prune") || l.kind().equals("prune") || l.kind().equals("unknown")) {
        conflicts.add(l);
      }
    }
    if (conflicts.isEmpty()) {
      return held;
    }
    held.close();
    LockInfo first = conflicts.get(0);
    String what = kind.equals("prune") ? "prune cannot run while another backup or prune holds a lock"
        : "the backup cannot start while a prune holds a lock";
    throw new BackupException(BackupException.Kind.LOCKED, what + " on " + share.describe() + ": "
        + first.describe() + (conflicts.size() > 1 ? " (and " + (conflicts.size() - 1) + " more)" : "")
        + ". Wait for it to finish; if it is not running any more (a crash or a power cut), delete "
        + first.path() + " on the share, or wait until it is stale (" + staleAfter.toMinutes() + " minutes after it was "
        + "written)");
  }

  private String write(String kind, Instant now) throws ShareException {
    byte[] r = new byte[4];
    new java.security.SecureRandom().nextBytes(r);
    String name = kind + "-" + RepoLayout.NAME_TIME.format(now) + "-" + HexFormat.of().formatHex(r);
    byte[] body = (MAGIC + " 1\nkind " + kind + "\nhost " + host + "\npid " + ProcessHandle.current().pid()
        + "\ntime " + now + "\n").getBytes(StandardCharsets.UTF_8);
    share.putIfAbsent(layout.lock(name), new ByteArrayInputStream(body), body.length);
    return name;
  }

  /** Every lock in the repository, stale or not. */
  List<LockInfo> list() throws ShareException {
    List<LockInfo> out = new ArrayList<>();
    for (String n : share.list(layout.locks())) {
      if (Shares.isTemporary(n)) {
        continue;
      }
      out.add(read(n));
    }
    return out;
  }

  private LockInfo read(String name) throws ShareException {
    String path = layout.lock(name);
    String kind = "unknown";
    String lockHost = "an unknown host";
    long pid = -1;
    Instant time = null;
    try (InputStream in = share.read(path)) {
      String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        int sp = line.indexOf(' ');
        if (sp <= 0) {
          continue;
        }
        String k = line.substring(0, sp);
        String v = line.substring(sp + 1);
        switch (k) {
          case "kind" -> kind = v;
          case "host" -> lockHost = v;
          case "pid" -> pid = parseLong(v);
          case "time" -> time = parseTime(v);
          default -> { }
        }
      }
    } catch (ShareException e) {
      if (e.kind() != ShareException.Kind.NOT_FOUND) {
        throw e;
      }
      // Renewed or released while we listed: it was there a moment ago, count it as held now.
    } catch (IOException e) {
      // Unreadable: judged by the time in its name below.
    }
    if (time == null) {
      time = nameTime(name).orElse(Instant.EPOCH);
    }
    boolean expired = Duration.between(time, clock.instant()).compareTo(staleAfter) > 0;
    boolean deadHere = lockHost.equals(host) && pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    return new LockInfo(name, share.describe() + "/" + path, kind, lockHost, pid, time, expired || deadHere);
  }

  /** Deletes the stale locks; returns them. */
  List<LockInfo> removeStale() throws ShareException {
    List<LockInfo> removed = new ArrayList<>();
    for (LockInfo l : list()) {
      if (l.stale()) {
        share.delete(layout.lock(l.name()));
        removed.add(l);
      }
    }
    return removed;
  }

  private static long parseLong(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Instant parseTime(String v) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Optional<Instant> nameTime(String name) {
    String[] p = name.split("-");
    if (p.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.from(RepoLayout.NAME_TIME.parse(p[1])));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
