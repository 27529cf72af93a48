package io.ferry.installer.backup;

import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.signing.manifest.Sha256;
import io.ferry.signing.snapshot.ChunkCodec;
import io.ferry.signing.snapshot.ChunkRef;
import io.ferry.signing.snapshot.ChunkerParams;
import io.ferry.signing.snapshot.FastCdcChunker;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One backup being written: streams are added one after another, then {@link #commit} writes the
 * snapshot document. Until then the repository holds only chunks, which no snapshot names; closing the
 * writer without committing (or a crash) leaves just those, and prune removes them later.
 *
 * <p>Each stream is cut into chunks on the caller's thread (and hashed whole there); the chunks are
 * hashed, compressed and uploaded by a small pool, with at most a few chunks in flight, so memory stays
 * bounded whatever the stream's length. A chunk is uploaded only if the repository's listing (taken
 * when the writer was opened, after its lock) does not have it, and {@code putIfAbsent} decides when
 * two backups race for the same chunk: the loser writes nothing.
 *
 * <p>For one thread. Always close it (try-with-resources): closing releases the lock and the pool.
 */
public final class SnapshotWriter implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();
  // Compression is CPU-bound, but an upload mostly waits: an SMB object costs a dozen round trips
  // (exists, create, 64 KiB writes, close, rename). So more threads than cores, and two chunks per thread
  // in flight, keep both the CPU and the link busy. Memory: 2 x threads x (plain + stored chunk).
  static final int THREADS_PER_WRITER = Integer.getInteger("ferry.backup.threads",
      Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  private final Share share;
  private final RepoLayout layout;
  private final ChunkerParams params;
  private final Snapshot.Builder header;
  private final Instant time;
  private final Set<String> known;
  private final Set<String> submitted = ConcurrentHashMap.newKeySet();
  private final RepositoryLocks.Held lock;
  private final Duration staleAfter;
  private final Clock clock;
  private final ExecutorService pool;
  private final ScheduledExecutorService renewer;
  private final int maxInFlight;
  private final ConcurrentLinkedQueue<ChunkCodec.Encoder> encoders = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<ChunkCodec.Encoder> encoder;
  private final List<SnapshotStream> streams = new ArrayList<>();
  private final AtomicLong newChunks = new AtomicLong();
  private final AtomicLong newBytes = new AtomicLong();
  private volatile ShareException renewFailure;
  private long plainBytes;
  private long chunkCount;
  private Throwable failed;
  private boolean committed;
  private boolean closed;

  SnapshotWriter(Share share, RepoLayout layout, ChunkerParams params, Snapshot.Builder header, Instant time, Set<String> known,
      RepositoryLocks.Held lock, Duration renewEvery, Duration staleAfter, Clock clock) {
    this.share = share;
    this.layout = layout;
    this.params = params;
    this.header = header;
    this.time = time;
    this.known = known;
    this.lock = lock;
    this.staleAfter = staleAfter;
    this.clock = clock;
    int threads = THREADS_PER_WRITER;
    this.maxInFlight = 2 * threads;
    this.pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "backup-chunk-"));
    this.encoder = ThreadLocal.withInitial(() -> {
      ChunkCodec.Encoder e = new ChunkCodec.Encoder();
      encoders.add(e);
      return e;
    });
    if (lock != null) {
      this.renewer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "backup-lock-"));
      long every = renewEvery.toMillis();
      renewer.scheduleWithFixedDelay(this::renewLock, every, every, TimeUnit.MILLISECONDS);
    } else {
      this.renewer = null;
    }
  }

  private static Thread daemon(Runnable r, String prefix) {
    Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  private void renewLock() {
    try {
      lock.renew();
    } catch (ShareException e) {
      renewFailure = e;
    }
  }

  /**
   * Reads {@code data} to its end and stores it as the stream {@code name} (e.g. {@code database},
   * {@code volume/prompts}) of format {@code format} ({@code sql}, {@code tar}, ...). The caller closes
   * {@code data}.
   *
   * @param task advanced by the bytes read (may be null)
   * @return the stream as the snapshot will list it, and what it cost
   * @throws IOException reading {@code data} failed: the stream being backed up, not the share
   * @throws BackupException the share failed (kind SHARE)
   */
  public StreamResult addStream(String name, String format, InputStream data, ProgressTask task) throws BackupException, IOException {
    checkOpen();
    for (SnapshotStream s : streams) {
      if (s.name().equals(name)) {
        throw new IllegalArgumentException("stream " + name + " was added already");
      }
    }
    long before = newBytes.get();
    long beforeChunks = newChunks.get();
    FastCdcChunker chunker = new FastCdcChunker(data, params);
    MessageDigest whole = Sha256.newDigest();
    List<ChunkRef> refs = new ArrayList<>();
    Deque<Future<ChunkRef>> inFlight = new ArrayDeque<>();
    long size = 0;
    try {
      while (true) {
        byte[] chunk;
        try {
          chunk = chunker.next();
        } catch (IOException e) {
          throw new IOException("reading the data of stream " + name + " failed after " + size + " bytes: " + e.getMessage(), e);
        }
        if (chunk == null) {
          break;
        }
        whole.update(chunk);
        size += chunk.length;
        if (inFlight.size() >= maxInFlight) {
          refs.add(await(inFlight.removeFirst()));
        }
        inFlight.addLast(pool.submit(() -> store(chunk)));
        if (task != null) {
          task.advance(chunk.length);
        }
      }
      while (!inFlight.isEmpty()) {
        refs.add(await(inFlight.removeFirst()));
      }
    } catch (IOException | BackupException | RuntimeException | Error e) {
      failed = e;
      drain(inFlight);
      throw e;
    }
    SnapshotStream stream = new SnapshotStream(name, format, size, Sha256.hex(whole.digest()), refs);
    streams.add(stream);
    plainBytes += size;
    chunkCount += refs.size();
    return new StreamResult(stream, new BackupStats(size, refs.size(), newChunks.get() - beforeChunks, newBytes.get() - before));
  }

  /** The stream as stored, and what it cost. */
  public record StreamResult(SnapshotStream stream, BackupStats stats) {}

  /** Runs on the pool: hash, and upload unless the repository (or this backup) has the chunk already. */
  private ChunkRef store(byte[] plain) throws ShareException {
    String id = ChunkCodec.id(plain);
    ChunkRef ref = new ChunkRef(id, plain.length);
    if (known.contains(id) || !submitted.add(id)) {
      return ref;
    }
    byte[] stored = encoder.get().encode(plain);
    if (share.putIfAbsent(layout.chunk(id), new ByteArrayInputStream(stored), stored.length)) {
      newChunks.incrementAndGet();
      newBytes.addAndGet(stored.length);
    }
    return ref;
  }

  private ChunkRef await(Future<ChunkRef> f) throws BackupException, IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while storing chunks");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof ShareException se) {
        throw BackupException.share(se);
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  /** After a failure: lets the uploads still running end before the caller moves on. */
  private static void drain(Deque<Future<ChunkRef>> inFlight) {
    for (Future<ChunkRef> f : inFlight) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException ignored) {
        // the first failure is the one reported
      }
    }
  }

  /** What the backup has read and stored so far. */
  public BackupStats stats() {
    return new BackupStats(plainBytes, chunkCount, newChunks.get(), newBytes.get());
  }

  /**
   * Writes the snapshot document (last, with putIfAbsent: the snapshot appears whole or not at all) and
   * releases the lock.
   *
   * @throws BackupException the share failed, or the lock could not be renewed for so long that a prune
   *     may have run meanwhile (then nothing is committed: run the backup again)
   */
  public CommittedSnapshot commit() throws BackupException {
    checkOpen();
    if (lock != null) {
      Duration since = Duration.between(lock.renewed(), clock.instant());
      if (since.compareTo(staleAfter) > 0) {
        ShareException why = renewFailure;
        throw new BackupException(BackupException.Kind.LOCKED, "the backup's lock on " + share.describe()
            + " was last renewed " + since.toMinutes() + " minutes ago"
            + (why == null ? "" : " (" + why.getMessage() + ")")
            + ", so a prune may have removed chunks this backup relies on; nothing was committed: run the backup again");
      }
    }
    BackupStats stats = stats();
    header.time(time).newChunks(stats.newChunks()).newBytes(stats.newBytes());
    for (SnapshotStream st : streams) {
      header.stream(st);
    }
    Snapshot s = header.build();
    byte[] doc = s.toBytes();
    String name = RepoLayout.snapshotName(s.time(), s.id());
    try {
      // false: a document of this name exists; the name holds the content's hash, so it is this one.
      share.putIfAbsent(layout.snapshot(name), new ByteArrayInputStream(doc), doc.length);
    } catch (ShareException e) {
      throw BackupException.share(e);
    }
    committed = true;
    close();
    return new CommittedSnapshot(name, s, stats);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(committed ? "this backup is committed already" : "this backup writer is closed");
    }
    if (failed != null) {
      throw new IllegalStateException("this backup failed earlier and cannot be committed: " + failed.getMessage());
    }
  }

  /** Ends the backup: without a commit, the chunks stored so far stay unreferenced (harmless). Releases the lock. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (renewer != null) {
      renewer.shutdownNow();
    }
    pool.shutdown();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ChunkCodec.Encoder e;
    while ((e = encoders.poll()) != null) {
      e.close();
    }
    if (lock != null) {
      try {
        lock.close();
      } catch (ShareException ignored) {
        // a lock left behind goes stale and is ignored, then removed by prune
      }
    }
  }
}
