package io.ferry.tui.wizard;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where the wizard runs slow work (verify, plan, deploy) and how results come back to the UI
 * thread. {@link #live()} uses a thread per job and a queue the UI loop drains; {@link #inline()}
 * runs everything at once on the caller's thread, for screen tests.
 */
public interface Tasks {
  /** Runs {@code job} off the UI thread. */
  void background(String name, Runnable job);

  /** Runs {@code update} on the UI thread (soon, or at once when already there). */
  void onUi(Runnable update);

  /** Runs what {@link #onUi} queued; called by the UI loop. */
  default void drain() {}

  static Tasks inline() {
    return new Tasks() {
      @Override
      public void background(String name, Runnable job) {
        job.run();
      }

      @Override
      public void onUi(Runnable update) {
        update.run();
      }
    };
  }

  static Tasks live() {
    Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    return new Tasks() {
      @Override
      public void background(String name, Runnable job) {
        Thread t = new Thread(job, "ferry-wizard-" + name);
        t.setDaemon(true);
        t.start();
      }

      @Override
      public void onUi(Runnable update) {
        queue.add(update);
      }

      @Override
      public void drain() {
        Runnable r;
        while ((r = queue.poll()) != null) {
          r.run();
        }
      }
    };
  }
}
