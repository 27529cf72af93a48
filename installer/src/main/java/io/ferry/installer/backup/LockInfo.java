package io.ferry.installer.backup;

import java.time.Instant;

/**
 * A lock object in the repository's {@code locks/} folder: a backup or prune that is running, or was
 * running when its process died.
 *
 * @param name the object's name in {@code locks/}
 * @param path its path on the share, for messages ("delete it by hand")
 * @param kind {@code backup} or {@code prune} ({@code unknown} if the object cannot be read)
 * @param host the host that holds it
 * @param pid the process id on that host (-1 if unknown)
 * @param time when it was written or last renewed (a running backup renews it every few minutes)
 * @param stale whether it no longer protects anything: not renewed for longer than the stale limit, or
 *     held by a process on this host that no longer runs
 */
public record LockInfo(String name, String path, String kind, String host, long pid, Instant time, boolean stale) {
  /** One line for messages: "backup on acd01 (pid 4242) since 2026-11-23T02:00:00Z". */
  public String describe() {
    return kind + " on " + host + (pid >= 0 ? " (pid " + pid + ")" : "") + ", lock written " + time
        + (stale ? ", stale" : "");
  }
}
