package io.ferry.installer.preflight;

import static io.ferry.installer.preflight.FakeHost.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.installer.preflight.HostProbe.DiskSpace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateDirDiskCheckTest {
  static final Path STACK_DIR = Path.of("/var/lib/ferry/demo");
  final FakeHost host = new FakeHost();

  CheckResult run(Targets.Builder target) {
    var results = new StateDirDiskCheck().run(target.on(host));
    assertEquals(1, results.size());
    return results.get(0);
  }

  @Test
  void measuresTheStacksFolderOrItsNearestParent() {
    host.disks.put(STACK_DIR, new DiskSpace(Path.of("/var/lib"), 5 * GIB, true));
    assertEquals(CheckResult.pass("disk (state dir)", "/var/lib/ferry/demo: 5.0 GiB free"), run(Targets.target()));
    assertEquals(List.of("disk " + STACK_DIR), host.calls);
  }

  @Test
  void aFolderThisUserCannotWriteFails() {
    host.disks.put(STACK_DIR, new DiskSpace(Path.of("/var/lib"), 5 * GIB, false));
    CheckResult r = run(Targets.target());
    assertEquals(CheckResult.fail("disk (state dir)", "/var/lib cannot be written by this user",
        "run ferry as root, or set state_dir: FOLDER in /etc/ferry/demo.yaml, a folder this user can write"), r);
  }

  @Test
  void tooLittleRoomForTheReleaseFilesFails() {
    host.disks.put(STACK_DIR, new DiskSpace(STACK_DIR, 1024 * 1024, true));
    CheckResult r = run(Targets.target().files(512 * 1024));
    assertEquals(CheckStatus.FAIL, r.status());
    assertEquals("/var/lib/ferry/demo: 1.0 MiB free, needs 2.0 MiB: 1.0 MiB missing", r.finding());
  }
}
