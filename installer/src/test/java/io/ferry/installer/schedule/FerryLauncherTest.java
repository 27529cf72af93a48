package io.ferry.installer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryLauncherTest {
  @TempDir Path dir;

  @Test
  void javaAndTheJarBothAbsolute() throws Exception {
    Path jar = Files.writeString(dir.resolve("ferry.jar"), "PK");
    Path java = Path.of(Jobs.JAVA);
    assertEquals(List.of(java.toString(), "-jar", jar.toString()), FerryLauncher.of(java, jar));
  }

  @Test
  void notFromAJarSaysSo() {
    // The tests run from target/classes, as Ferry would from an IDE.
    ScheduleException e = assertThrows(ScheduleException.class, FerryLauncher::current);
    assertTrue(e.getMessage().startsWith("Ferry is not running from its jar ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("install the schedule with the installed ferry (e.g. ./ferry backup"
        + " --install-schedule)"), e.getMessage());
  }
}
