package io.ferry.common.progress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One unit of reported work ("exporting images", 1.2 GB). Thread-safe: several threads may
 * {@link #advance} the same task. Closing it reports FINISH exactly once.
 */
public final class ProgressTask implements AutoCloseable {
  private final ProgressListener listener;
  private final String name;
  private final long startNanos = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private volatile long total;
  private volatile String item = "";
  private volatile boolean finished;

  private ProgressTask(ProgressListener listener, String name, long total) {
    this.listener = listener;
    this.name = name;
    this.total = total;
  }

  public static ProgressTask start(ProgressListener listener, String name, long total) {
    ProgressTask task = new ProgressTask(listener, name, total);
    task.emit(ProgressEvent.Phase.START);
    return task;
  }

  public void advance(long units) {
    done.addAndGet(units);
    emit(ProgressEvent.Phase.UPDATE);
  }

  public void item(String currentItem) {
    this.item = currentItem;
    emit(ProgressEvent.Phase.UPDATE);
  }

  /** Corrects an estimated total once the real one is known. */
  public void total(long newTotal) {
    this.total = newTotal;
  }

  public long done() {
    return done.get();
  }

  @Override
  public synchronized void close() {
    if (!finished) {
      finished = true;
      if (total >= 0 && done.get() > total) {
        total = done.get();
      }
      emit(ProgressEvent.Phase.FINISH);
    }
  }

  private void emit(ProgressEvent.Phase phase) {
    listener.onProgress(new ProgressEvent(name, item, done.get(), total, phase, System.nanoTime() - startNanos));
  }
}
