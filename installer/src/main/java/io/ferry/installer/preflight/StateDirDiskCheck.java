package io.ferry.installer.preflight;

import io.ferry.installer.preflight.HostProbe.DiskSpace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Ferry can write its state dir (the rendered project, the records, the configuration history):
 * the release's files twice (this release and the previous one) plus a little for the records.
 */
final class StateDirDiskCheck implements PreflightCheck {
  static final String NAME = "disk (state dir)";
  static final long RECORDS = 1024L * 1024;

  @Override
  public List<CheckResult> run(PreflightContext context) {
    PreflightTarget t = context.target();
    Path dir = t.paths().root();
    long required = 2 * t.stackFileBytes() + RECORDS;
    DiskSpace disk;
    try {
      disk = context.host().disk(dir);
    } catch (IOException e) {
      return List.of(CheckResult.fail(NAME, "cannot use " + dir + " (" + e.getMessage() + ")",
          Words.setIn(t.config(), "state_dir", "FOLDER") + ", a folder on a local disk"));
    }
    if (!disk.writable()) {
      return List.of(CheckResult.fail(NAME, disk.folder() + " cannot be written by this user",
          "run ferry as root, or " + Words.setIn(t.config(), "state_dir", "FOLDER") + ", a folder this user can"
              + " write"));
    }
    if (disk.usableBytes() < required) {
      long missing = required - disk.usableBytes();
      return List.of(CheckResult.fail(NAME, disk.folder() + ": " + Words.bytes(disk.usableBytes()) + " free, needs "
              + Words.bytes(required) + ": " + Words.bytes(missing) + " missing",
          "free " + Words.bytes(missing) + " on the file system of " + disk.folder() + ", or "
              + Words.setIn(t.config(), "state_dir", "FOLDER") + ", a folder on another file system"));
    }
    return List.of(CheckResult.pass(NAME, dir + ": " + Words.bytes(disk.usableBytes()) + " free"));
  }
}
