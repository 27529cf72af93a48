package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InterruptedRestoreCheckTest {
  final FakeHost host = new FakeHost();

  @Test
  void noMarkerPasses() {
    assertEquals(CheckResult.pass("restore", "no interrupted restore"),
        new InterruptedRestoreCheck().run(Targets.target().on(host)).get(0));
  }

  @Test
  void theMarkerOfAnInterruptedRestoreWarnsThatItWillBeRedone() {
    host.files.add(Path.of("/var/lib/ferry/demo/restore.pending"));
    CheckResult r = new InterruptedRestoreCheck().run(Targets.target().on(host)).get(0);
    assertEquals(CheckStatus.WARN, r.status());
    assertEquals("a previous restore was interrupted (/var/lib/ferry/demo/restore.pending): it will be redone, its"
        + " partial data discarded", r.finding());
    assertTrue(r.fix().startsWith("nothing to fix"), r.fix());
  }
}
