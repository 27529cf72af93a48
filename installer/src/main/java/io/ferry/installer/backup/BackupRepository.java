package io.ferry.installer.backup;

import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.share.Shares;
import io.ferry.signing.snapshot.ChunkCodec;
import io.ferry.signing.snapshot.ChunkSource;
import io.ferry.signing.snapshot.CorruptChunkException;
import io.ferry.signing.snapshot.MissingChunkException;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotFormatException;
import io.ferry.signing.snapshot.SnapshotKind;
import io.ferry.signing.snapshot.SnapshotStream;
import io.ferry.signing.snapshot.SnapshotStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * The backup repository in a folder of a {@link Share}: content-defined chunks named by their SHA-256
 * and stored as zstd frames, and one snapshot document per backup (the format is
 * {@link io.ferry.signing.snapshot}; the layout and rules are docs/onprem/backup-format.md).
 *
 * <p>Write-once: a backup only adds objects, never rewrites or deletes one, and writes its snapshot
 * document last, so a crash leaves no half snapshot and loses nothing that was there. Only
 * {@link #forget} and {@link #prune} delete, both refused on a repository marked write-once, and prune
 * refuses while a backup holds a lock (see {@link RepositoryLocks}).
 *
 * <p>Thread-safe: any number of writers, readers and checks may run at once over one share.
 */
public final class BackupRepository {
  /** How often a running backup renews its lock. */
  public static final Duration LOCK_RENEW = Duration.ofMinutes(5);
  /** A lock not renewed for this long belongs to a backup that died; it is ignored and pruned. */
  public static final Duration LOCK_STALE = Duration.ofMinutes(30);
  /** A snapshot document larger than this is damaged (a 1 TiB backup lists about 80 MiB). */
  static final int MAX_DOCUMENT = 256 << 20;
  /** Chunks read at once by verify and check: enough to hide a share's latency. */
  static final int READERS = 4;

  private final Share share;
  private final RepoLayout layout;
  private final RepositoryConfig config;
  private Clock clock = Clock.systemUTC();
  private String host = thisHost();
  private Duration renewEvery = LOCK_RENEW;
  private Duration staleAfter = LOCK_STALE;

  private BackupRepository(Share share, RepoLayout layout, RepositoryConfig config) {
    this.share = share;
    this.layout = layout;
    this.config = config;
  }

  /**
   * Creates a repository in {@code folder} of the share ("" for the share's folder itself), which must
   * be empty or missing.
   *
   * @param writeOnce never delete anything (forget and prune refuse); for WORM storage
   * @throws BackupException ALREADY_EXISTS, NOT_EMPTY, or SHARE
   */
  public static BackupRepository init(Share share, String folder, boolean writeOnce) throws BackupException {
    RepoLayout layout = new RepoLayout(folder);
    String where = where(share, layout);
    try {
      if (share.exists(layout.config())) {
        throw new BackupException(BackupException.Kind.ALREADY_EXISTS, where + " is a Ferry backup repository already: open it");
      }
      List<String> present = new ArrayList<>();
      for (String n : share.list(layout.root())) {
        if (!Shares.isTemporary(n)) {
          present.add(n);
        }
      }
      if (!present.isEmpty()) {
        throw new BackupException(BackupException.Kind.NOT_EMPTY, where + " is not empty (it holds " + present.get(0)
            + (present.size() > 1 ? " and " + (present.size() - 1) + " more" : "")
            + ") and is no Ferry backup repository: choose an empty folder for the backups");
      }
      if (!layout.root().isEmpty()) {
        share.mkdirs(layout.root());
      }
      RepositoryConfig config = RepositoryConfig.fresh(writeOnce);
      byte[] b = config.toBytes();
      if (!share.putIfAbsent(layout.config(), new ByteArrayInputStream(b), b.length)) {
        return open(share, folder); // another host initialised it a moment ago
      }
      for (String d : List.of(layout.chunks(), layout.snapshots(), layout.locks())) {
        share.mkdirs(d);
      }
      return new BackupRepository(share, layout, config);
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
  }

  /**
   * Opens the repository in {@code folder} of the share.
   *
   * @throws BackupException NOT_A_REPOSITORY, UNSUPPORTED_VERSION, or SHARE
   */
  public static BackupRepository open(Share share, String folder) throws BackupException {
    RepoLayout layout = new RepoLayout(folder);
    String where = where(share, layout);
    byte[] bytes;
    try (InputStream in = share.read(layout.config())) {
      bytes = in.readNBytes(64 << 10);
    } catch (ShareException e) {
      if (e.kind() == ShareException.Kind.NOT_FOUND) {
        throw new BackupException(BackupException.Kind.NOT_A_REPOSITORY, where
            + " holds no Ferry backup repository (there is no 'config' in it): check the share and folder in the backup "
            + "settings, or create a repository there", e);
      }
      throw BackupException.share(e);
    } catch (IOException e) {
      throw readFailure(layout.config(), e);
    }
    return new BackupRepository(share, layout, RepositoryConfig.parse(bytes, where + "/" + RepoLayout.CONFIG));
  }

  /** {@link #open}, or {@link #init} if the folder is empty or missing. */
  public static BackupRepository openOrInit(Share share, String folder, boolean writeOnceIfNew) throws BackupException {
    try {
      if (!share.exists(new RepoLayout(folder).config())) {
        try {
          return init(share, folder, writeOnceIfNew);
        } catch (BackupException e) {
          if (e.kind() != BackupException.Kind.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
    return open(share, folder);
  }

  // For tests: a fixed clock, host name and lock timing.
  BackupRepository clock(Clock c) {
    this.clock = Objects.requireNonNull(c);
    return this;
  }

  BackupRepository host(String h) {
    this.host = h;
    return this;
  }

  BackupRepository lockTiming(Duration renew, Duration stale) {
    this.renewEvery = renew;
    this.staleAfter = stale;
    return this;
  }

  private static String where(Share share, RepoLayout layout) {
    return layout.root().isEmpty() ? share.describe() : share.describe() + "/" + layout.root();
  }

  /** Where the repository is, for messages: "smb://nas01:445/backup/ferry". */
  public String describe() {
    return where(share, layout);
  }

  public RepositoryConfig config() {
    return config;
  }

  /**
   * Whether nothing may ever be deleted here: set at init, or by a {@code write-once} object at the top
   * of the repository (which {@link #markWriteOnce} writes, and which on-site IT may also create by hand).
   */
  public boolean writeOnce() throws BackupException {
    if (config.writeOnce()) {
      return true;
    }
    try {
      return share.exists(layout.writeOnceMarker());
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
  }

  /** Marks the repository write-once from now on (there is no way back: Ferry never deletes the marker). */
  public void markWriteOnce() throws BackupException {
    byte[] b = "ferry-write-once 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      share.putIfAbsent(layout.writeOnceMarker(), new ByteArrayInputStream(b), b.length);
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
  }

  private RepositoryLocks lockManager() {
    return new RepositoryLocks(share, layout, host, clock, staleAfter);
  }

  /**
   * Starts a backup: takes a backup lock (unless the repository is write-once) and lists the chunks the
   * repository has, so unchanged data is not stored again. Add streams, then commit.
   *
   * @param stack the stack's name, {@code [a-z0-9_.-]}
   * @param release the release that is running
   * @param host the host the data comes from
   * @throws BackupException LOCKED if a prune is running; SHARE
   */
  public SnapshotWriter newBackup(String stack, String release, String host) throws BackupException {
    Snapshot.Builder header = Snapshot.builder().kind(SnapshotKind.BACKUP).stack(stack).release(release).host(host);
    Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    // Check the header now, not after an hour of uploading.
    Snapshot.builder().kind(SnapshotKind.BACKUP).stack(stack).release(release).host(host).time(time).build();
    boolean wo = writeOnce();
    RepositoryLocks.Held lock = null;
    try {
      if (!wo) {
        lock = lockManager().acquire("backup");
      }
      // Listed after the lock: from here on no prune can delete what this listing shows.
      Set<String> known = listChunks().ids();
      return new SnapshotWriter(share, layout, config.chunker(), header, time, known, lock, renewEvery, staleAfter, clock);
    } catch (ShareException e) {
      closeQuietly(lock);
      throw BackupException.share(e);
    } catch (BackupException | RuntimeException e) {
      closeQuietly(lock);
      throw e;
    }
  }

  private static void closeQuietly(RepositoryLocks.Held lock) {
    if (lock != null) {
      try {
        lock.close();
      } catch (ShareException ignored) {
        // it goes stale and is ignored
      }
    }
  }

  /** The chunks in the repository and the temporary objects among them. */
  private record ChunkListing(Set<String> ids, List<String> temporary) {}

  private ChunkListing listChunks() throws ShareException {
    Set<String> ids = new HashSet<>();
    List<String> temporary = new ArrayList<>();
    for (String prefix : share.list(layout.chunks())) {
      if (!RepoLayout.isChunkPrefix(prefix)) {
        continue;
      }
      for (String n : share.list(layout.chunkFolder(prefix))) {
        if (Shares.isTemporary(n)) {
          temporary.add(layout.chunkFolder(prefix) + "/" + n);
        } else if (RepoLayout.isChunkName(prefix, n)) {
          ids.add(n);
        }
      }
    }
    return new ChunkListing(ids, temporary);
  }

  /** Every snapshot, oldest first; a document that cannot be read is listed with the reason. */
  public List<SnapshotEntry> snapshots() throws BackupException {
    List<SnapshotEntry> out = new ArrayList<>();
    try {
      for (String name : share.list(layout.snapshots())) {
        if (!Shares.isTemporary(name)) {
          out.add(readEntry(name));
        }
      }
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
    out.sort(Comparator.comparing(SnapshotEntry::time).thenComparing(SnapshotEntry::name));
    return out;
  }

  private SnapshotEntry readEntry(String name) throws ShareException {
    Instant nameTime = RepoLayout.snapshotTime(name).orElse(Instant.EPOCH);
    if (!RepoLayout.isSnapshotName(name)) {
      return new SnapshotEntry(name, nameTime, null, "'" + name + "' in " + layout.snapshots()
          + " is not named like a snapshot (TIME-ID): it was not written by Ferry");
    }
    byte[] bytes;
    try (InputStream in = share.read(layout.snapshot(name))) {
      bytes = in.readNBytes(MAX_DOCUMENT + 1);
    } catch (ShareException e) {
      if (e.kind() == ShareException.Kind.NOT_FOUND) {
        return new SnapshotEntry(name, nameTime, null, "the document disappeared while it was being read (forgotten meanwhile?)");
      }
      throw e;
    } catch (IOException e) {
      if (e.getCause() instanceof ShareException se) {
        throw se;
      }
      return new SnapshotEntry(name, nameTime, null, "cannot read the document: " + e.getMessage());
    }
    if (bytes.length > MAX_DOCUMENT) {
      return new SnapshotEntry(name, nameTime, null, "the document is larger than " + MAX_DOCUMENT + " bytes");
    }
    Snapshot s;
    try {
      s = Snapshot.parse(bytes);
    } catch (SnapshotFormatException e) {
      return new SnapshotEntry(name, nameTime, null, e.getMessage());
    }
    if (!RepoLayout.snapshotName(s.time(), s.id()).equals(name)) {
      return new SnapshotEntry(name, nameTime, null, "the document's content (time " + s.time() + ", id " + s.shortId()
          + ") does not match its name: it was changed after it was written");
    }
    return new SnapshotEntry(name, s.time(), s, null);
  }

  /**
   * The snapshot named {@code ref}: its full name, or a prefix of at least 6 hex digits of its id.
   *
   * @throws BackupException NOT_FOUND (none, or several match), DAMAGED (its document cannot be read), SHARE
   */
  public SnapshotEntry snapshot(String ref) throws BackupException {
    List<SnapshotEntry> matches = new ArrayList<>();
    for (SnapshotEntry e : snapshots()) {
      if (e.name().equals(ref)) {
        matches = List.of(e);
        break;
      }
      if (ref.length() >= 6 && e.snapshot() != null && e.snapshot().id().startsWith(ref)) {
        matches.add(e);
      }
    }
    if (matches.size() != 1) {
      throw new BackupException(BackupException.Kind.NOT_FOUND, (matches.isEmpty() ? "no snapshot" : matches.size()
          + " snapshots") + " in " + describe() + " match '" + ref + "': give a snapshot's full name or more of its id");
    }
    SnapshotEntry e = matches.get(0);
    if (e.damaged()) {
      throw new BackupException(BackupException.Kind.DAMAGED, "snapshot " + e.name() + " in " + describe()
          + " cannot be read: " + e.problem() + ". Choose another snapshot");
    }
    return e;
  }

  /** The repository's chunks, for {@link SnapshotStreamReader} (or a caller's own reader). */
  public ChunkSource chunkSource() {
    return new ShareChunkSource(share, layout);
  }

  /**
   * Opens one stream of a snapshot for restoring: a verifying reader (every chunk checked, the whole
   * stream's size and SHA-256 checked before the end is reported) that fetches chunks ahead.
   *
   * @throws BackupException NOT_FOUND if the snapshot has no such stream
   */
  public SnapshotStreamReader openStream(Snapshot snapshot, String stream) throws BackupException {
    SnapshotStream s = snapshot.stream(stream).orElseThrow(() -> new BackupException(BackupException.Kind.NOT_FOUND,
        "snapshot " + snapshot.shortId() + " has no stream '" + stream + "' (it has: "
            + String.join(", ", snapshot.streams().stream().map(SnapshotStream::name).toList()) + ")"));
    return SnapshotStreamReader.open(s, chunkSource());
  }

  /**
   * Checks that a snapshot can be restored: every chunk it needs is present, and with {@code readData}
   * every chunk is read, decompressed and re-hashed.
   *
   * @throws BackupException SHARE if the share fails (a failure to read is not taken for a damaged chunk)
   */
  public VerifyResult verify(SnapshotEntry entry, boolean readData, ProgressListener listener) throws BackupException {
    if (entry.damaged()) {
      throw new BackupException(BackupException.Kind.DAMAGED, "snapshot " + entry.name() + " cannot be read: " + entry.problem());
    }
    Map<String, Integer> needed = entry.snapshot().chunks();
    Map<String, ChunkProblem> problems = new LinkedHashMap<>();
    long bytes = 0;
    try {
      Set<String> present = presentAmong(needed.keySet());
      Map<String, Integer> toRead = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> c : needed.entrySet()) {
        if (!present.contains(c.getKey())) {
          problems.put(c.getKey(), missing(c.getKey(), List.of(entry.name())));
        } else if (readData) {
          toRead.put(c.getKey(), c.getValue());
        }
      }
      if (readData) {
        Map<String, String> corrupt = readChunks(toRead, listener, "verifying " + entry.name());
        for (Map.Entry<String, String> c : corrupt.entrySet()) {
          problems.put(c.getKey(), problem(c.getKey(), c.getValue(), List.of(entry.name())));
        }
        bytes = toRead.values().stream().mapToLong(Integer::longValue).sum();
      }
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
    return new VerifyResult(entry.name(), readData, List.copyOf(problems.values()), needed.size(), bytes);
  }

  /** Which of {@code ids} the repository has: lists only the chunk folders they live in. */
  private Set<String> presentAmong(Set<String> ids) throws ShareException {
    Set<String> prefixes = new TreeSet<>();
    for (String id : ids) {
      prefixes.add(id.substring(0, 2));
    }
    Set<String> present = new HashSet<>();
    for (String p : prefixes) {
      for (String n : share.list(layout.chunkFolder(p))) {
        if (ids.contains(n)) {
          present.add(n);
        }
      }
    }
    return present;
  }

  private static ChunkProblem missing(String id, List<String> snapshots) {
    return new ChunkProblem(id, ChunkProblem.Kind.MISSING, "chunk " + id + " is missing", snapshots);
  }

  private static ChunkProblem problem(String id, String detail, List<String> snapshots) {
    boolean isMissing = detail.startsWith(MISSING_MARK);
    return new ChunkProblem(id, isMissing ? ChunkProblem.Kind.MISSING : ChunkProblem.Kind.CORRUPT,
        isMissing ? detail.substring(MISSING_MARK.length()) : detail, snapshots);
  }

  private static final String MISSING_MARK = "missing:";

  /**
   * Reads, decodes and re-hashes chunks, {@value #READERS} at a time; returns the damaged ones with why
   * (a chunk that vanished since it was listed is reported as missing).
   */
  private Map<String, String> readChunks(Map<String, Integer> chunks, ProgressListener listener, String taskName)
      throws ShareException, BackupException {
    Map<String, String> damaged = new TreeMap<>();
    long total = chunks.values().stream().mapToLong(Integer::longValue).sum();
    ChunkSource source = chunkSource();
    ExecutorService pool = Executors.newFixedThreadPool(READERS, r -> {
      Thread t = new Thread(r, "backup-verify");
      t.setDaemon(true);
      return t;
    });
    try (ProgressTask task = ProgressTask.start(listener == null ? ProgressListener.NONE : listener, taskName, total)) {
      Deque<Future<String>> inFlight = new ArrayDeque<>();
      Deque<String> ids = new ArrayDeque<>();
      for (Map.Entry<String, Integer> c : chunks.entrySet()) {
        if (inFlight.size() >= 2 * READERS) {
          collect(inFlight.removeFirst(), ids.removeFirst(), damaged);
        }
        String id = c.getKey();
        int size = c.getValue();
        inFlight.addLast(pool.submit(() -> {
          try {
            ChunkCodec.decode(id, size, source.open(id));
            return null;
          } catch (MissingChunkException e) {
            return MISSING_MARK + e.getMessage();
          } catch (CorruptChunkException e) {
            return e.getMessage();
          } finally {
            task.advance(size);
          }
        }));
        ids.addLast(id);
      }
      while (!inFlight.isEmpty()) {
        collect(inFlight.removeFirst(), ids.removeFirst(), damaged);
      }
    } finally {
      pool.shutdownNow();
    }
    return damaged;
  }

  private void collect(Future<String> f, String id, Map<String, String> damaged) throws ShareException, BackupException {
    try {
      String why = f.get();
      if (why != null) {
        damaged.put(id, why);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException(BackupException.Kind.SHARE, "interrupted while reading chunks from " + describe(), e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io && io.getCause() instanceof ShareException se) {
        throw se;
      }
      if (c instanceof IOException io) {
        throw readFailure(layout.chunk(id), io);
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    }
  }

  private static BackupException readFailure(String path, IOException e) {
    if (e.getCause() instanceof ShareException se) {
      return BackupException.share(se);
    }
    return new BackupException(BackupException.Kind.SHARE, "cannot read " + path + ": " + e.getMessage()
        + (e instanceof InterruptedIOException ? "" : ": check the share and run again"), e);
  }

  /**
   * Checks the whole repository: every snapshot document, and every chunk any snapshot needs (present;
   * with {@code readData} also read and re-hashed, each once however many snapshots share it). Names
   * each missing or corrupt chunk with the snapshots it breaks.
   */
  public CheckReport check(boolean readData, ProgressListener listener) throws BackupException {
    List<SnapshotEntry> entries = snapshots();
    List<SnapshotEntry> damaged = new ArrayList<>();
    Map<String, Integer> needed = new LinkedHashMap<>();
    Map<String, List<String>> users = new TreeMap<>();
    for (SnapshotEntry e : entries) {
      if (e.damaged()) {
        damaged.add(e);
        continue;
      }
      for (Map.Entry<String, Integer> c : e.snapshot().chunks().entrySet()) {
        needed.putIfAbsent(c.getKey(), c.getValue());
        users.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(e.name());
      }
    }
    try {
      ChunkListing listing = listChunks();
      Map<String, ChunkProblem> problems = new TreeMap<>();
      Map<String, Integer> toRead = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> c : needed.entrySet()) {
        if (!listing.ids().contains(c.getKey())) {
          problems.put(c.getKey(), missing(c.getKey(), users.get(c.getKey())));
        } else if (readData) {
          toRead.put(c.getKey(), c.getValue());
        }
      }
      long bytes = 0;
      if (readData) {
        for (Map.Entry<String, String> c : readChunks(toRead, listener, "checking " + describe()).entrySet()) {
          problems.put(c.getKey(), problem(c.getKey(), c.getValue(), users.get(c.getKey())));
        }
        bytes = toRead.values().stream().mapToLong(Integer::longValue).sum();
      }
      Set<String> broken = new HashSet<>();
      problems.values().forEach(p -> broken.addAll(p.snapshots()));
      List<String> affected = entries.stream().map(SnapshotEntry::name).filter(broken::contains).toList();
      long unreferenced = listing.ids().stream().filter(id -> !needed.containsKey(id)).count();
      long temporary = listing.temporary().size() + countTemporary(layout.snapshots()) + countTemporary(layout.locks());
      return new CheckReport(readData, entries.size(), damaged, List.copyOf(problems.values()), affected,
          needed.size(), bytes, unreferenced, temporary);
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
  }

  private long countTemporary(String folder) throws ShareException {
    return share.list(folder).stream().filter(Shares::isTemporary).count();
  }

  /**
   * The newest snapshot that {@code filter} accepts and that verifies (for a restore that must not use a
   * damaged one), with the newer ones passed over and why.
   */
  public NewestVerified newestVerified(Predicate<Snapshot> filter, boolean readData, ProgressListener listener)
      throws BackupException {
    List<SnapshotEntry> entries = new ArrayList<>(snapshots());
    java.util.Collections.reverse(entries);
    List<NewestVerified.Rejected> rejected = new ArrayList<>();
    for (SnapshotEntry e : entries) {
      if (e.damaged()) {
        rejected.add(new NewestVerified.Rejected(e.name(), "its document cannot be read: " + e.problem()));
        continue;
      }
      if (filter != null && !filter.test(e.snapshot())) {
        continue;
      }
      VerifyResult r = verify(e, readData, listener);
      if (r.ok()) {
        return new NewestVerified(e, rejected);
      }
      rejected.add(new NewestVerified.Rejected(e.name(), r.summary()));
    }
    return new NewestVerified(null, rejected);
  }

  private void refuseIfWriteOnce(String what) throws BackupException {
    if (writeOnce()) {
      throw new BackupException(BackupException.Kind.WRITE_ONCE, what + " refused: the backup repository " + describe()
          + " is marked write-once, and Ferry never deletes anything from it. Remove old backups with the storage's "
          + "own retention rules instead");
    }
  }

  /**
   * Forgets the snapshots {@code policy} does not keep: deletes their documents (their chunks stay until
   * {@link #prune}). Damaged documents are kept. Safe while backups run: a backup never reads snapshots.
   *
   * @param dryRun only say what would be forgotten
   * @throws BackupException WRITE_ONCE, SHARE
   */
  public ForgetResult forget(RetentionPolicy policy, boolean dryRun) throws BackupException {
    refuseIfWriteOnce("forget");
    List<SnapshotEntry> all = snapshots();
    List<SnapshotEntry> readable = all.stream().filter(e -> !e.damaged()).toList();
    Set<SnapshotEntry> keep = new HashSet<>(policy.keep(readable));
    List<SnapshotEntry> kept = new ArrayList<>();
    List<SnapshotEntry> forgotten = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      SnapshotEntry e = all.get(i);
      (e.damaged() || keep.contains(e) ? kept : forgotten).add(e);
    }
    if (!dryRun) {
      try {
        for (SnapshotEntry e : forgotten) {
          share.delete(layout.snapshot(e.name()));
        }
      } catch (ShareException e) {
        throw BackupException.share(e);
      }
    }
    return new ForgetResult(kept, forgotten, dryRun);
  }

  /**
   * Deletes the chunks no snapshot needs, objects half-written by crashes, and stale locks. Takes the
   * prune lock, so it refuses to run while a backup (or another prune) runs, and refuses if any snapshot
   * document cannot be read (its chunks would look unreferenced).
   *
   * @throws BackupException WRITE_ONCE, LOCKED, DAMAGED, SHARE
   */
  public PruneResult prune(ProgressListener listener) throws BackupException {
    refuseIfWriteOnce("prune");
    RepositoryLocks locks = lockManager();
    RepositoryLocks.Held lock;
    try {
      lock = locks.acquire("prune");
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
    try {
      List<SnapshotEntry> entries = snapshots();
      Set<String> needed = new HashSet<>();
      for (SnapshotEntry e : entries) {
        if (e.damaged()) {
          throw new BackupException(BackupException.Kind.DAMAGED, "prune refused: snapshot " + e.name() + " in " + describe()
              + " cannot be read (" + e.problem() + "), so prune cannot tell which chunks it needs. Run check; if the "
              + "document cannot be repaired, delete " + layout.snapshot(e.name()) + " on the share, then prune again");
        }
        needed.addAll(e.snapshot().chunks().keySet());
      }
      ChunkListing listing = listChunks();
      List<String> doomed = listing.ids().stream().filter(id -> !needed.contains(id)).sorted().toList();
      long freed = 0;
      try (ProgressTask task = ProgressTask.start(listener == null ? ProgressListener.NONE : listener, "pruning "
          + describe(), doomed.size())) {
        for (String id : doomed) {
          String path = layout.chunk(id);
          freed += share.size(path);
          share.delete(path);
          task.advance(1);
        }
      }
      // Under the prune lock no backup runs, so every temporary object is a crash's leftover.
      List<String> temporary = new ArrayList<>(listing.temporary());
      for (String folder : List.of(layout.snapshots(), layout.locks(), layout.root())) {
        for (String n : share.list(folder)) {
          if (Shares.isTemporary(n)) {
            temporary.add(folder.isEmpty() ? n : folder + "/" + n);
          }
        }
      }
      for (String t : temporary) {
        share.delete(t);
      }
      List<LockInfo> stale = locks.removeStale();
      return new PruneResult(listing.ids().size() - doomed.size(), doomed.size(), freed, temporary.size(), stale);
    } catch (ShareException e) {
      throw BackupException.share(e);
    } finally {
      closeQuietly(lock);
    }
  }

  /** The locks in the repository (running backups and prunes, and stale ones). */
  public List<LockInfo> locks() throws BackupException {
    try {
      return lockManager().list();
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
  }

  /** Deletes the locks that are stale (see {@link LockInfo#stale()}); returns them. */
  public List<LockInfo> removeStaleLocks() throws BackupException {
    refuseIfWriteOnce("removing locks");
    try {
      return lockManager().removeStale();
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
  }

  static String thisHost() {
    String h;
    try {
      h = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      h = System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
    String clean = h.replaceAll("[^A-Za-z0-9._-]", "_");
    return clean.isEmpty() ? "localhost" : clean;
  }
}
