package io.ferry.installer.preflight;

import static io.ferry.installer.preflight.FakeHost.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.preflight.HostProbe.DiskSpace;
import io.ferry.installer.preflight.HostProbe.EngineFacts;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EngineDiskCheckTest {
  static final Path ROOT = Path.of("/var/lib/docker");
  static final long MIB = 1024L * 1024;
  final FakeHost host = new FakeHost();

  CheckResult run(Targets.Builder target) {
    var results = new EngineDiskCheck().run(target.on(host));
    assertEquals(1, results.size());
    assertEquals("disk (engine)", results.get(0).check());
    return results.get(0);
  }

  @Test
  void enoughRoomForTheImagesPlusTenPercentAndTheData() {
    host.disks.put(ROOT, new DiskSpace(ROOT, 10 * GIB, true));
    CheckResult r = run(Targets.target().load(1000 * MIB, true).data(100 * MIB));
    assertEquals(CheckResult.pass("disk (engine)", "/var/lib/docker: 10.0 GiB free, needs 1.2 GiB (images"
        + " 1000 MiB + 10%, vanilla data 100 MiB)"), r);
    assertEquals("disk " + ROOT, host.calls.get(0), "measures the engine's data root, not the state dir");
  }

  @Test
  void tooLittleFailsWithHowMuchIsMissing() {
    host.disks.put(ROOT, new DiskSpace(ROOT, 1000 * MIB, true));
    // 1000 MiB + 10% = 1100 MiB, + 400 MiB data = 1500 MiB: 500 MiB missing
    CheckResult r = run(Targets.target().load(1000 * MIB, true).data(400 * MIB));
    assertEquals(CheckStatus.FAIL, r.status());
    assertEquals("/var/lib/docker: 1000 MiB free, needs 1.5 GiB (images 1000 MiB + 10%, vanilla data 400 MiB):"
        + " 500 MiB missing", r.finding());
    assertTrue(r.fix().startsWith("free 500 MiB on the file system of /var/lib/docker ('docker image prune -a'"),
        r.fix());
  }

  @Test
  void theTenPercentMarginCounts() {
    host.disks.put(ROOT, new DiskSpace(ROOT, 1050 * MIB, true));
    assertEquals(CheckStatus.FAIL, run(Targets.target().load(1000 * MIB, true)).status());
    host.disks.put(ROOT, new DiskSpace(ROOT, 1100 * MIB, true));
    assertEquals(CheckStatus.PASS, run(Targets.target().load(1000 * MIB, true)).status());
  }

  @Test
  void nothingToLoadOrRestore() {
    host.disks.put(ROOT, new DiskSpace(ROOT, 3 * GIB, true));
    assertEquals("/var/lib/docker: 3.0 GiB free; nothing to load or restore", run(Targets.target()).finding());
  }

  @Test
  void anEstimateSaysSo() {
    host.disks.put(ROOT, new DiskSpace(ROOT, 3 * GIB, true));
    assertTrue(run(Targets.target().load(10 * MIB, false)).finding().endsWith("(images at most 10.0 MiB + 10%)"));
  }

  @Test
  void withoutTheEngineItCannotTellWhereAndWarns() {
    host.engine = EngineFacts.unreachable("unix:///x", "down; start it");
    CheckResult r = run(Targets.target().load(10 * MIB, false));
    assertEquals(CheckStatus.WARN, r.status());
    assertTrue(r.finding().startsWith("not checked: the Docker engine does not say where it keeps its data; needs"
        + " 11.0 MiB"), r.finding());
    assertTrue(host.calls.isEmpty(), host.calls.toString());
  }

  @Test
  void aDataRootNotOnThisHostIsNotMeasuredHere() {
    host.disks.put(ROOT, new DiskSpace(Path.of("/var/lib"), 3 * GIB, true));
    CheckResult r = run(Targets.target().load(10 * MIB, true));
    assertEquals(CheckStatus.WARN, r.status());
    assertTrue(r.finding().contains("is not on this host"), r.finding());
  }

  @Test
  void anUnreadableDiskIsAWarning() {
    host.diskProblem = new IOException("Permission denied");
    CheckResult r = run(Targets.target().load(10 * MIB, true));
    assertEquals(CheckStatus.WARN, r.status());
    assertEquals("cannot read the free space of /var/lib/docker (Permission denied)", r.finding());
    assertEquals("check by hand ('df -h /var/lib/docker') that 11.0 MiB are free", r.fix());
  }
}
