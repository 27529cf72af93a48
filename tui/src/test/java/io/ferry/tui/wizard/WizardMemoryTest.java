package io.ferry.tui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WizardMemoryTest {
  @TempDir Path dir;

  @Test
  void theLastConfirmedBundleAndKeysAreOfferedNextTime() throws Exception {
    Path bundle = Files.writeString(dir.resolve("acd-demo-1.0.0.ferry"), "x");
    Path keys = Files.writeString(dir.resolve("release.pub.asc"), "k");
    WizardMemory memory = new WizardMemory(dir.resolve("state/wizard.properties"));
    assertTrue(memory.remember(bundle, keys));
    WizardAnswers next = new WizardAnswers();
    memory.recall(next);
    assertEquals(bundle, next.bundlePath);
    assertEquals(keys, next.trust);
  }

  @Test
  void whatTheUserGivesWinsAndWhatIsGoneIsForgotten() throws Exception {
    Path bundle = Files.writeString(dir.resolve("old.ferry"), "x");
    WizardMemory memory = new WizardMemory(dir.resolve("wizard.properties"));
    memory.remember(bundle, dir.resolve("gone.asc"));
    WizardAnswers given = new WizardAnswers();
    given.bundlePath = dir.resolve("new.ferry");
    memory.recall(given);
    assertEquals(dir.resolve("new.ferry"), given.bundlePath, "--bundle on the command line wins");
    assertEquals(WizardAnswers.DEFAULT_TRUST, given.trust, "a key file that is gone is not offered");
    Files.delete(bundle);
    WizardAnswers later = new WizardAnswers();
    memory.recall(later);
    assertNull(later.bundlePath, "a bundle that is gone is not offered");
  }

  @Test
  void noMemoryIsNoError() {
    WizardAnswers a = new WizardAnswers();
    new WizardMemory(dir.resolve("missing/wizard.properties")).recall(a);
    assertNull(a.bundlePath);
  }
}
