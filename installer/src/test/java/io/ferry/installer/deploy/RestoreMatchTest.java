package io.ferry.installer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.deploy.RestoreMatch.Kind;
import org.junit.jupiter.api.Test;

class RestoreMatchTest {
  @Test
  void aBundleOfAnotherStackIsRefusedAndSaysWhichToChoose() {
    RestoreMatch m = RestoreMatch.of("acd-demo", "1.0.0", "crm-demo", "1.0.0");
    assertEquals(Kind.OTHER_STACK, m.kind());
    assertTrue(m.refused());
    assertEquals("this bundle is of stack 'crm-demo' but the backup is of 'acd-demo': choose a bundle of acd-demo"
        + " (release 1.0.0 or newer)", m.message());
  }

  @Test
  void sameReleaseUpdateAndDowngrade() {
    assertEquals(Kind.SAME_RELEASE, RestoreMatch.of("acd-demo", "1.0.0", "acd-demo", "1.0.0").kind());
    RestoreMatch update = RestoreMatch.of("acd-demo", "1.0.0", "acd-demo", "1.0.1");
    assertEquals(Kind.UPDATE, update.kind());
    assertFalse(update.refused());
    assertEquals("the bundle is release 1.0.1, the backup is of 1.0.0: the data is restored and 1.0.1 starts on it,"
        + " an update from 1.0.0 (its migrations run on the restored data)", update.message());
    RestoreMatch down = RestoreMatch.of("acd-demo", "1.10.0", "acd-demo", "1.9.3");
    assertEquals(Kind.DOWNGRADE, down.kind());
    assertFalse(down.refused(), "support staff may need it; the message says what it means");
    assertTrue(down.message().contains("a downgrade, which migrations do not undo; choose the bundle of 1.10.0 or"
        + " newer"), down.message());
  }

  @Test
  void releasesOrderByTheirNumbersThenTheirSuffix() {
    assertEquals(1, RestoreMatch.compareReleases("1.10.0", "1.9.9"));
    assertEquals(0, RestoreMatch.compareReleases("1.0", "1.0.0"));
    assertEquals(0, RestoreMatch.compareReleases("01.0.0", "1.0.0"));
    assertEquals(1, RestoreMatch.compareReleases("1.0.0", "1.0.0-rc1"));
    assertEquals(-1, RestoreMatch.compareReleases("1.0.0-rc1", "1.0.0-rc2"));
    assertEquals(1, RestoreMatch.compareReleases("2024.11.123456789012345678901", "2024.11.9"));
    assertEquals(-1, RestoreMatch.compareReleases("alpha", "beta"));
  }
}
