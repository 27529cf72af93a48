package io.ferry.installer.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.share.ShareTestBed;
import io.ferry.signing.snapshot.CorruptChunkException;
import io.ferry.signing.snapshot.MissingChunkException;
import io.ferry.signing.snapshot.SnapshotStream;
import io.ferry.signing.snapshot.SnapshotStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the backup repository promises, run against each kind of share (a local folder in
 * {@code BackupRepositoryTest}, the real Samba and NFS servers in the ITs). Each test works in a fresh
 * folder {@code it-repo-<random>} on the share and removes it afterwards. Everything a test changes
 * on the share (a deleted or damaged chunk) it changes through the {@link Share} interface, as a
 * failing disk or a careless hand would.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
abstract class BackupRepositoryContract {
  static final int MIB = 1 << 20;

  protected abstract Share openShare() throws Exception;

  /** How big the streams of these tests are: small enough for a quick run, several chunks each. */
  protected long dbBytes() {
    return 12L * MIB;
  }

  protected Share share;
  protected String folder;

  @BeforeEach
  void setUpShare() throws Exception {
    share = openShare();
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    folder = "it-repo-" + HexFormat.of().formatHex(b);
  }

  @AfterEach
  void removeFolder() throws Exception {
    if (share != null) {
      try {
        deleteTree(share, folder);
      } finally {
        share.close();
      }
    }
  }

  static void deleteTree(Share s, String d) throws ShareException {
    ShareTestBed.deleteTree(s, d);
  }

  BackupRepository init() throws BackupException {
    return BackupRepository.init(share, folder, false);
  }

  /** One backup of a database dump, a volume and the config; seeds pick the content. */
  CommittedSnapshot backup(BackupRepository repo, long dbSeed, long volumeSeed) throws Exception {
    try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
      add(w, "database", "sql", BackupData.text(dbSeed, dbBytes()));
      add(w, "volume/prompts", "tar", BackupData.random(volumeSeed, dbBytes() / 2));
      add(w, "config/customer.yaml", "yaml", new ByteArrayInputStream("hostname: acd.example.com\n".getBytes(StandardCharsets.UTF_8)));
      return w.commit();
    }
  }

  static SnapshotWriter.StreamResult add(SnapshotWriter w, String name, String format, InputStream in) throws Exception {
    try (in; ProgressTask task = ProgressTask.start(ProgressListener.NONE, "backing up " + name, -1)) {
      SnapshotWriter.StreamResult r = w.addStream(name, format, in, task);
      assertEquals(r.stream().size(), task.done(), "progress counts every byte read");
      return r;
    }
  }

  static String restoredSha(BackupRepository repo, CommittedSnapshot c, String stream) throws Exception {
    try (SnapshotStreamReader r = repo.openStream(c.snapshot(), stream)) {
      String sha = BackupData.sha256(r);
      assertTrue(r.verified());
      return sha;
    }
  }

  /** Replaces a stored object with other bytes, through the share (delete, then write anew). */
  void overwrite(String path, byte[] bytes) throws ShareException {
    share.delete(path);
    assertTrue(share.putIfAbsent(path, new ByteArrayInputStream(bytes), bytes.length));
  }

  byte[] readObject(String path) throws Exception {
    try (InputStream in = share.read(path)) {
      return in.readAllBytes();
    }
  }

  RepoLayout layout() {
    return new RepoLayout(folder);
  }

  // --- open / init ---------------------------------------------------------------------------------

  @Test
  void initThenOpenAndTheErrorsAroundThem() throws Exception {
    BackupRepository repo = init();
    assertEquals(repo.config(), BackupRepository.open(share, folder).config());
    assertFalse(repo.writeOnce());
    String config = new String(readObject(layout().config()), StandardCharsets.UTF_8);
    assertTrue(config.startsWith("ferry-backup-repository 1\n"), config);
    assertTrue(config.contains("\nchunker fastcdc 262144 1048576 4194304 ferry-fastcdc-gear-v1\n"), config);

    BackupException again = assertThrows(BackupException.class, () -> BackupRepository.init(share, folder, false));
    assertEquals(BackupException.Kind.ALREADY_EXISTS, again.kind());

    share.mkdirs(folder + "-other");
    try {
      BackupException none = assertThrows(BackupException.class, () -> BackupRepository.open(share, folder + "-other"));
      assertEquals(BackupException.Kind.NOT_A_REPOSITORY, none.kind());
      assertTrue(none.getMessage().contains(folder + "-other holds no Ferry backup repository"), none.getMessage());
      share.putIfAbsent(folder + "-other/notes.txt", new ByteArrayInputStream(new byte[3]), 3);
      BackupException full = assertThrows(BackupException.class, () -> BackupRepository.init(share, folder + "-other", false));
      assertEquals(BackupException.Kind.NOT_EMPTY, full.kind());
      assertTrue(full.getMessage().contains("notes.txt"), full.getMessage());
    } finally {
      deleteTree(share, folder + "-other");
    }

    overwrite(layout().config(), config.replace("ferry-backup-repository 1", "ferry-backup-repository 2")
        .getBytes(StandardCharsets.UTF_8));
    BackupException newer = assertThrows(BackupException.class, () -> BackupRepository.open(share, folder));
    assertEquals(BackupException.Kind.UNSUPPORTED_VERSION, newer.kind());
    assertTrue(newer.getMessage().contains("format version 2; this Ferry reads version 1"), newer.getMessage());
    assertTrue(newer.getMessage().contains("newer"), newer.getMessage());
  }

  // --- backup and restore --------------------------------------------------------------------------

  @Test
  void backupRestoresByteForByteAndASecondBackupOfTheSameDataStoresNothingNew() throws Exception {
    BackupRepository repo = init();
    CommittedSnapshot first = backup(repo, 1, 2);
    assertEquals(3, first.snapshot().streams().size());
    assertEquals(BackupData.sha256(BackupData.text(1, dbBytes())), restoredSha(repo, first, "database"));
    assertEquals(BackupData.sha256(BackupData.random(2, dbBytes() / 2)), restoredSha(repo, first, "volume/prompts"));
    assertTrue(first.stats().newBytes() > 0);
    assertTrue(first.stats().newBytes() < first.stats().plainBytes(), "text compresses");
    assertEquals(first.stats().newBytes(), first.snapshot().newBytes(), "the document records what the backup added");

    CommittedSnapshot second = backup(repo, 1, 2);
    assertEquals(0, second.stats().newChunks(), "unchanged data: no new chunk");
    assertEquals(0, second.stats().newBytes());
    assertEquals(first.stats().plainBytes(), second.stats().plainBytes());
    assertNotEquals(first.name(), second.name());
    assertEquals(List.of(first.name(), second.name()), repo.snapshots().stream().map(SnapshotEntry::name).toList());
    assertEquals(BackupData.sha256(BackupData.text(1, dbBytes())), restoredSha(repo, second, "database"));

    // A night later the database grew a little at its end: only the last chunk(s) are new.
    try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
      InputStream grown = new java.io.SequenceInputStream(BackupData.text(1, dbBytes()), BackupData.text(99, 64 << 10));
      SnapshotWriter.StreamResult r = add(w, "database", "sql", grown);
      assertTrue(r.stats().newChunks() <= 2, r.stats().toString());
      assertTrue(r.stats().newBytes() < first.stats().newBytes() / 4, r.stats() + " vs " + first.stats());
      w.commit();
    }
    assertTrue(repo.check(true, ProgressListener.NONE).ok());
  }

  @Test
  void aBackupThatStopsBeforeCommitLeavesNoSnapshot() throws Exception {
    BackupRepository repo = init();
    try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
      add(w, "database", "sql", BackupData.text(5, dbBytes()));
      assertEquals(1, repo.locks().size(), "a running backup holds a lock");
      // no commit: the process "dies" here
    }
    assertEquals(List.of(), repo.snapshots());
    assertEquals(List.of(), repo.locks(), "closing released the lock");
    assertTrue(repo.check(false, ProgressListener.NONE).unreferencedChunks() > 0, "only chunks stay behind");

    // The stream being backed up fails half-way: the writer cannot commit, nothing is listed.
    try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
      InputStream failing = new java.io.SequenceInputStream(BackupData.text(6, 3 * MIB), new InputStream() {
        @Override
        public int read() throws IOException {
          throw new IOException("pg_dump: connection lost");
        }
      });
      IOException e = assertThrows(IOException.class, () -> w.addStream("database", "sql", failing, null));
      assertTrue(e.getMessage().contains("stream database failed after"), e.getMessage());
      assertTrue(e.getMessage().contains("pg_dump: connection lost"), e.getMessage());
      assertThrows(IllegalStateException.class, w::commit);
    }
    assertEquals(List.of(), repo.snapshots());
    PruneResult p = repo.prune(ProgressListener.NONE);
    assertTrue(p.chunksDeleted() > 0);
    assertEquals(0, p.chunksKept());
    assertEquals(0, repo.check(false, ProgressListener.NONE).unreferencedChunks());
  }

  @Test
  void twoBackupsOfTheSameDataAtOnceBothCommitAndShareChunks() throws Exception {
    BackupRepository repo = init();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CyclicBarrier start = new CyclicBarrier(2);
    try {
      List<Future<CommittedSnapshot>> runs = new ArrayList<>();
      for (String host : List.of("acd01", "acd02")) {
        runs.add(pool.submit((Callable<CommittedSnapshot>) () -> {
          BackupRepository mine = BackupRepository.open(share, folder);
          try (SnapshotWriter w = mine.newBackup("acd-demo", "1.0.0", host)) {
            start.await();
            add(w, "database", "sql", BackupData.text(7, dbBytes()));
            return w.commit();
          }
        }));
      }
      CommittedSnapshot a = runs.get(0).get();
      CommittedSnapshot b = runs.get(1).get();
      assertEquals(2, repo.snapshots().size());
      assertEquals(a.snapshot().stream("database").orElseThrow().chunks(), b.snapshot().stream("database").orElseThrow().chunks());
      Set<String> distinct = new HashSet<>(a.snapshot().chunks().keySet());
      // Every chunk was stored once: by whichever backup won putIfAbsent for it.
      assertEquals(distinct.size(), a.stats().newChunks() + b.stats().newChunks());
      long stored = 0;
      for (String id : distinct) {
        stored += share.size(layout().chunk(id));
      }
      assertEquals(stored, a.stats().newBytes() + b.stats().newBytes());
      CheckReport check = repo.check(true, ProgressListener.NONE);
      assertTrue(check.ok(), check.toString());
      assertEquals(0, check.unreferencedChunks());
      assertEquals(BackupData.sha256(BackupData.text(7, dbBytes())), restoredSha(repo, b, "database"));
    } finally {
      pool.shutdownNow();
    }
  }

  // --- check and verify ----------------------------------------------------------------------------

  @Test
  void checkNamesEveryMissingOrCorruptChunkAndTheSnapshotsItBreaks() throws Exception {
    BackupRepository repo = init();
    CommittedSnapshot older = backup(repo, 10, 11);
    CommittedSnapshot newer = backup(repo, 10, 12); // same database, another volume
    assertTrue(repo.check(true, ProgressListener.NONE).ok());

    String shared = older.snapshot().stream("database").orElseThrow().chunks().get(1).id();
    List<String> newOnly = new ArrayList<>(newer.snapshot().chunks().keySet());
    newOnly.removeAll(older.snapshot().chunks().keySet());
    String flipped = newOnly.get(0);

    share.delete(layout().chunk(shared));
    byte[] bad = readObject(layout().chunk(flipped));
    bad[bad.length / 2] ^= 0x01;
    overwrite(layout().chunk(flipped), bad);

    CheckReport quick = repo.check(false, ProgressListener.NONE);
    assertFalse(quick.ok());
    assertEquals(1, quick.problems().size(), "without --read-data only the missing chunk shows: " + quick.problems());
    ChunkProblem missing = quick.problems().get(0);
    assertEquals(shared, missing.chunkId());
    assertEquals(ChunkProblem.Kind.MISSING, missing.kind());
    assertEquals(List.of(older.name(), newer.name()), missing.snapshots());

    CheckReport full = repo.check(true, ProgressListener.NONE);
    assertEquals(2, full.problems().size(), full.problems().toString());
    ChunkProblem corrupt = full.problems().stream().filter(p -> p.chunkId().equals(flipped)).findFirst().orElseThrow();
    assertEquals(ChunkProblem.Kind.CORRUPT, corrupt.kind());
    assertEquals(List.of(newer.name()), corrupt.snapshots());
    assertTrue(corrupt.detail().contains(flipped), corrupt.detail());
    assertEquals(List.of(older.name(), newer.name()), full.affectedSnapshots());

    SnapshotEntry newest = repo.snapshot(newer.snapshot().shortId());
    VerifyResult v = repo.verify(newest, true, ProgressListener.NONE);
    assertFalse(v.ok());
    assertEquals(2, v.problems().size());
    assertTrue(v.summary().contains("1 chunks missing, 1 corrupt"), v.summary());

    // Restoring the damaged stream fails naming the chunk, never silently.
    try (SnapshotStreamReader r = repo.openStream(older.snapshot(), "database")) {
      MissingChunkException e = assertThrows(MissingChunkException.class, () -> BackupData.sha256(r));
      assertEquals(shared, e.chunkId());
    }
    try (SnapshotStreamReader r = repo.openStream(newer.snapshot(), "volume/prompts")) {
      CorruptChunkException e = assertThrows(CorruptChunkException.class, () -> BackupData.sha256(r));
      assertEquals(flipped, e.chunkId());
    }
  }

  @Test
  void newestVerifiedSkipsABrokenNewestSnapshot() throws Exception {
    BackupRepository repo = init();
    CommittedSnapshot older = backup(repo, 20, 21);
    CommittedSnapshot newer = backup(repo, 20, 22);
    assertEquals(newer.name(), repo.newestVerified(null, false, ProgressListener.NONE).found().name());

    List<String> newOnly = new ArrayList<>(newer.snapshot().chunks().keySet());
    newOnly.removeAll(older.snapshot().chunks().keySet());
    share.delete(layout().chunk(newOnly.get(0)));

    NewestVerified nv = repo.newestVerified(s -> s.stack().equals("acd-demo"), false, ProgressListener.NONE);
    assertEquals(older.name(), nv.found().name());
    assertEquals(1, nv.rejected().size());
    assertEquals(newer.name(), nv.rejected().get(0).name());
    assertTrue(nv.rejected().get(0).reason().contains(newOnly.get(0)), nv.rejected().get(0).reason());

    assertNull(repo.newestVerified(s -> s.stack().equals("other"), false, ProgressListener.NONE).found());
  }

  @Test
  void aDamagedSnapshotDocumentIsReportedNotACrash() throws Exception {
    BackupRepository repo = init();
    CommittedSnapshot good = backup(repo, 30, 31);
    CommittedSnapshot edited = backup(repo, 30, 32);
    // Someone "fixed" a release by hand: the content no longer matches the name.
    byte[] doc = readObject(layout().snapshot(edited.name()));
    overwrite(layout().snapshot(edited.name()), new String(doc, StandardCharsets.UTF_8)
        .replace("release 1.0.0", "release 1.0.1").getBytes(StandardCharsets.UTF_8));
    String garbage = "20261124T020000Z-0123456789ab";
    share.putIfAbsent(layout().snapshot(garbage), new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);

    List<SnapshotEntry> list = repo.snapshots();
    assertEquals(3, list.size());
    java.util.Map<String, SnapshotEntry> byName = new java.util.HashMap<>();
    list.forEach(e -> byName.put(e.name(), e));
    assertFalse(byName.get(good.name()).damaged());
    SnapshotEntry changed = byName.get(edited.name());
    assertTrue(changed.damaged());
    assertTrue(changed.problem().contains("does not match its name"), changed.problem());
    SnapshotEntry junk = byName.get(garbage);
    assertTrue(junk.damaged());
    assertTrue(junk.problem().startsWith("snapshot line 1: not a Ferry snapshot"), junk.problem());
    assertEquals(Instant.parse("2026-11-24T02:00:00Z"), junk.time(), "a damaged document is listed by the time in its name");

    CheckReport check = repo.check(false, ProgressListener.NONE);
    assertFalse(check.ok());
    assertEquals(2, check.damagedSnapshots().size());
    assertEquals(List.of(), check.problems());

    BackupException prune = assertThrows(BackupException.class, () -> repo.prune(ProgressListener.NONE));
    assertEquals(BackupException.Kind.DAMAGED, prune.kind());
    assertTrue(prune.getMessage().contains(edited.name()), prune.getMessage());
    assertEquals(List.of(), repo.locks(), "a refused prune leaves no lock");
    BackupException open = assertThrows(BackupException.class, () -> repo.snapshot(garbage));
    assertEquals(BackupException.Kind.DAMAGED, open.kind());
  }

  // --- retention -------------------------------------------------------------------------------------

  @Test
  void forgetKeepsTheNewestPerDayAndWeekAndPruneDeletesOnlyUnreferencedChunks() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T01:00:00Z")); // a Monday
    BackupRepository repo = init().clock(clock);
    List<CommittedSnapshot> all = new ArrayList<>();
    // Two backups a night (01:00 and 13:00) for 15 nights; each has the shared database and its own small volume.
    for (int day = 0; day < 15; day++) {
      for (int half = 0; half < 2; half++) {
        clock.set(Instant.parse("2026-11-02T01:00:00Z").plus(Duration.ofDays(day)).plus(Duration.ofHours(12L * half)));
        try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
          add(w, "database", "sql", BackupData.text(40, 2 * MIB));
          add(w, "volume/prompts", "tar", BackupData.random(1000 + day * 2 + half, 300_000));
          all.add(w.commit());
        }
      }
    }
    ForgetResult dry = repo.forget(new RetentionPolicy(3, 2, java.time.ZoneOffset.UTC), true);
    assertEquals(30, repo.snapshots().size(), "a dry run deletes nothing");
    // Snapshot i was taken on day i / 2 (day 0 = Monday 2 November), at 01:00 (even i) or 13:00 (odd i).
    // keep-daily 3: the 13:00 ones of days 14, 13, 12. keep-weekly 2: the newest of ISO weeks 47 (day 14)
    // and 46 (day 13), kept already.
    assertEquals(List.of(all.get(29).name(), all.get(27).name(), all.get(25).name()),
        dry.kept().stream().map(SnapshotEntry::name).toList());
    assertEquals(27, dry.forgotten().size());
    // keep-weekly 3 reaches week 45 too: its newest is Sunday 8 November 13:00 (day 6).
    ForgetResult wide = repo.forget(new RetentionPolicy(3, 3, java.time.ZoneOffset.UTC), true);
    assertEquals(List.of(all.get(29).name(), all.get(27).name(), all.get(25).name(), all.get(13).name()),
        wide.kept().stream().map(SnapshotEntry::name).toList());

    ForgetResult done = repo.forget(new RetentionPolicy(3, 3, java.time.ZoneOffset.UTC), false);
    assertEquals(26, done.forgotten().size());
    assertEquals(wide.kept(), done.kept());
    assertEquals(done.kept().stream().map(SnapshotEntry::name).sorted().toList(),
        repo.snapshots().stream().map(SnapshotEntry::name).toList());

    Set<String> keptChunks = new HashSet<>();
    for (SnapshotEntry e : repo.snapshots()) {
      keptChunks.addAll(e.snapshot().chunks().keySet());
    }
    Set<String> forgottenOnly = new HashSet<>();
    for (SnapshotEntry e : done.forgotten()) {
      forgottenOnly.addAll(e.snapshot().chunks().keySet());
    }
    forgottenOnly.removeAll(keptChunks);
    assertFalse(forgottenOnly.isEmpty());

    PruneResult p = repo.prune(ProgressListener.NONE);
    assertEquals(forgottenOnly.size(), p.chunksDeleted());
    assertEquals(keptChunks.size(), p.chunksKept());
    assertTrue(p.bytesFreed() > 0);
    for (String id : forgottenOnly) {
      assertFalse(share.exists(layout().chunk(id)), id);
    }
    for (String id : keptChunks) {
      assertTrue(share.exists(layout().chunk(id)), id);
    }
    CheckReport after = repo.check(true, ProgressListener.NONE);
    assertTrue(after.ok(), after.toString());
    assertEquals(0, after.unreferencedChunks());
  }

  @Test
  void aWriteOnceRepositoryRefusesForgetAndPruneAndTakesNoLocks() throws Exception {
    BackupRepository repo = BackupRepository.init(share, folder, true);
    assertTrue(repo.writeOnce());
    try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
      add(w, "database", "sql", BackupData.text(50, MIB));
      assertEquals(List.of(), repo.locks(), "a lock could never be removed from WORM storage");
      w.commit();
    }
    BackupException f = assertThrows(BackupException.class, () -> repo.forget(new RetentionPolicy(1, 0), false));
    assertEquals(BackupException.Kind.WRITE_ONCE, f.kind());
    assertTrue(f.getMessage().contains("write-once"), f.getMessage());
    BackupException p = assertThrows(BackupException.class, () -> repo.prune(ProgressListener.NONE));
    assertEquals(BackupException.Kind.WRITE_ONCE, p.kind());
    assertEquals(1, repo.snapshots().size());
  }

  @Test
  void markingWriteOnceLaterAlsoRefusesForget() throws Exception {
    BackupRepository repo = init();
    backup(repo, 60, 61);
    repo.markWriteOnce();
    assertTrue(BackupRepository.open(share, folder).writeOnce());
    assertEquals(BackupException.Kind.WRITE_ONCE,
        assertThrows(BackupException.class, () -> repo.forget(new RetentionPolicy(1, 0), false)).kind());
  }

  // --- locks -----------------------------------------------------------------------------------------

  @Test
  void pruneRefusesWhileABackupRunsAndABackupWhileAPruneRuns() throws Exception {
    BackupRepository repo = init();
    backup(repo, 70, 71);
    try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
      add(w, "database", "sql", BackupData.text(72, 3 * MIB));
      BackupException e = assertThrows(BackupException.class, () -> repo.prune(ProgressListener.NONE));
      assertEquals(BackupException.Kind.LOCKED, e.kind());
      assertTrue(e.getMessage().contains("backup on " + BackupRepository.thisHost()), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertTrue(e.getMessage().contains("/locks/backup-"), "names the lock to delete: " + e.getMessage());
      w.commit();
    }
    assertEquals(0, repo.prune(ProgressListener.NONE).chunksDeleted(), "the new backup's chunks are all referenced");
    assertTrue(repo.check(true, ProgressListener.NONE).ok());

    RepositoryLocks locks = new RepositoryLocks(share, layout(), "other-host", java.time.Clock.systemUTC(), BackupRepository.LOCK_STALE);
    try (RepositoryLocks.Held prune = locks.acquire("prune")) {
      BackupException e = assertThrows(BackupException.class, () -> repo.newBackup("acd-demo", "1.0.0", "acd01"));
      assertEquals(BackupException.Kind.LOCKED, e.kind());
      assertTrue(e.getMessage().contains("prune on other-host"), e.getMessage());
    }
    assertEquals(List.of(), repo.locks(), "the refused backup removed its own lock");
  }

  @Test
  void staleLocksAreIgnoredAndRemovedByPrune() throws Exception {
    BackupRepository repo = init();
    // A backup on another host died two hours ago; one on this host died with its process.
    long deadPid = deadPid();
    writeLock("backup-20261101T000000Z-00000001", "backup", "other-host", 4242, Instant.now().minus(Duration.ofHours(2)));
    writeLock("backup-20261101T000000Z-00000002", "backup", BackupRepository.thisHost(), deadPid, Instant.now());
    assertTrue(repo.locks().stream().allMatch(LockInfo::stale), repo.locks().toString());
    PruneResult p = repo.prune(ProgressListener.NONE);
    assertEquals(2, p.staleLocksRemoved().size());
    assertEquals(List.of(), repo.locks());

    // A fresh lock of another host is respected.
    writeLock("backup-20261101T000000Z-00000003", "backup", "other-host", 4242, Instant.now());
    assertEquals(BackupException.Kind.LOCKED, assertThrows(BackupException.class, () -> repo.prune(ProgressListener.NONE)).kind());
  }

  @Test
  void aLongBackupRenewsItsLockSoPruneKeepsWaiting() throws Exception {
    BackupRepository repo = init().lockTiming(Duration.ofMillis(200), Duration.ofSeconds(2));
    try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
      add(w, "database", "sql", BackupData.text(80, MIB));
      Thread.sleep(3000);
      // Older than the stale limit had it not been renewed; renewed, it still holds.
      BackupRepository other = BackupRepository.open(share, folder).host("other-host").lockTiming(Duration.ofMillis(200), Duration.ofSeconds(2));
      assertEquals(BackupException.Kind.LOCKED, assertThrows(BackupException.class, () -> other.prune(ProgressListener.NONE)).kind());
      assertFalse(repo.locks().isEmpty());
      w.commit();
    }
  }

  @Test
  void aBackupWhoseLockWentStaleDoesNotCommit() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    BackupRepository repo = init().clock(clock);
    try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
      add(w, "database", "sql", BackupData.text(90, MIB));
      clock.advance(Duration.ofMinutes(31)); // the host slept, the lock was not renewed
      BackupException e = assertThrows(BackupException.class, w::commit);
      assertEquals(BackupException.Kind.LOCKED, e.kind());
      assertTrue(e.getMessage().contains("run the backup again"), e.getMessage());
    }
    assertEquals(List.of(), repo.snapshots());
  }

  void writeLock(String name, String kind, String host, long pid, Instant time) throws ShareException {
    byte[] b = ("ferry-lock 1\nkind " + kind + "\nhost " + host + "\npid " + pid + "\ntime " + time + "\n")
        .getBytes(StandardCharsets.UTF_8);
    share.putIfAbsent(layout().lock(name), new ByteArrayInputStream(b), b.length);
  }

  /** The pid of a process that has ended. */
  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void openStreamNamesTheStreamsThereAre() throws Exception {
    BackupRepository repo = init();
    CommittedSnapshot c = backup(repo, 100, 101);
    BackupException e = assertThrows(BackupException.class, () -> repo.openStream(c.snapshot(), "volume/missing"));
    assertEquals(BackupException.Kind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("it has: database, volume/prompts, config/customer.yaml"), e.getMessage());
    SnapshotStream cfg = c.snapshot().stream("config/customer.yaml").orElseThrow();
    try (SnapshotStreamReader r = repo.openStream(c.snapshot(), cfg.name())) {
      assertArrayEquals("hostname: acd.example.com\n".getBytes(StandardCharsets.UTF_8), r.readAllBytes());
    }
  }
}
