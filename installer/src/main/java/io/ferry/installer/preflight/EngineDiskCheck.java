package io.ferry.installer.preflight;

import io.ferry.installer.preflight.HostProbe.DiskSpace;
import io.ferry.installer.preflight.HostProbe.EngineFacts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine's data root (where image layers and volumes live) has room for the layers to load
 * plus 10% (the engine's own metadata and unpacking) plus the vanilla data to restore.
 */
final class EngineDiskCheck implements PreflightCheck {
  static final String NAME = "disk (engine)";

  @Override
  public List<CheckResult> run(PreflightContext context) {
    PreflightTarget t = context.target();
    long images = t.bytesToLoad() + (t.bytesToLoad() + 9) / 10;
    long required = images + t.dataBytes();
    EngineFacts e = context.host().engine();
    if (!e.reachable() || e.rootDir() == null) {
      return List.of(CheckResult.warn(NAME, "not checked: the Docker engine does not say where it keeps its data;"
              + " needs " + Words.bytes(required) + " (" + breakdown(t) + ")",
          "start the engine and run 'ferry preflight' again"));
    }
    Path root = e.rootDir();
    DiskSpace disk;
    try {
      disk = context.host().disk(root);
    } catch (IOException ex) {
      return List.of(CheckResult.warn(NAME, "cannot read the free space of " + root + " (" + ex.getMessage() + ")",
          "check by hand ('df -h " + root + "') that " + Words.bytes(required) + " are free"));
    }
    if (!disk.folder().equals(root)) {
      // The data root is not on this host (a remote DOCKER_HOST): its free space is not ours to see.
      return List.of(CheckResult.warn(NAME, "not checked: the engine's data root " + root
              + " is not on this host; needs " + Words.bytes(required) + " (" + breakdown(t) + ")",
          "check on the engine's host ('df -h " + root + "') that " + Words.bytes(required) + " are free"));
    }
    if (required == 0) {
      return List.of(CheckResult.pass(NAME, root + ": " + Words.bytes(disk.usableBytes())
          + " free; nothing to load or restore"));
    }
    String need = root + ": " + Words.bytes(disk.usableBytes()) + " free, needs " + Words.bytes(required)
        + " (" + breakdown(t) + ")";
    if (disk.usableBytes() < required) {
      long missing = required - disk.usableBytes();
      return List.of(CheckResult.fail(NAME, need + ": " + Words.bytes(missing) + " missing",
          "free " + Words.bytes(missing) + " on the file system of " + root + " ('docker image prune -a' removes"
              + " images no container uses; 'docker system df' shows what takes space) or enlarge it"));
    }
    return List.of(CheckResult.pass(NAME, need));
  }

  static String breakdown(PreflightTarget t) {
    String s = "images " + (t.bytesExact() ? "" : "at most ") + Words.bytes(t.bytesToLoad()) + " + 10%";
    if (t.dataBytes() > 0) {
      s += ", vanilla data " + Words.bytes(t.dataBytes());
    }
    return s;
  }
}
