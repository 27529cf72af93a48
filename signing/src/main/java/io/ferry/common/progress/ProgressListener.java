package io.ferry.common.progress;

/**
 * Receives progress from work that never prints. The CLI's bar, the wizard's gauges and the
 * {@code --json} event stream are listeners; tests use {@link #NONE}. Implementations must be
 * thread-safe: parallel work reports from several threads.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = event -> {};

  void onProgress(ProgressEvent event);
}
