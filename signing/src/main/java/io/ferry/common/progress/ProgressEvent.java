package io.ferry.common.progress;

/**
 * A snapshot of one task's progress. {@code total} is -1 when unknown (the renderer then shows
 * bytes and rate without a percentage).
 */
public record ProgressEvent(String task, String item, long done, long total, Phase phase, long elapsedNanos) {
  public enum Phase { START, UPDATE, FINISH }
}
