package io.ferry.installer.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProjectContainersTest {
  @Test
  void bareImageIds() {
    assertEquals("4d66217532df", ProjectContainers.bareId("sha256:4d66217532df"));
    assertEquals("4d66217532df", ProjectContainers.bareId("4d66217532df"));
    assertNull(ProjectContainers.bareId(null));
  }

  @Test
  void startTimes() {
    assertEquals(Instant.parse("2024-05-01T10:00:00.123456789Z"),
        ProjectContainers.instant("2024-05-01T10:00:00.123456789Z"));
    assertNull(ProjectContainers.instant("0001-01-01T00:00:00Z")); // never started
    assertNull(ProjectContainers.instant(""));
    assertNull(ProjectContainers.instant("yesterday"));
  }

  @Test
  void lastLines() {
    assertEquals("b\nc", ProjectContainers.lastLines("a\nb\nc\n\n", 2));
    assertEquals("a\nb", ProjectContainers.lastLines("a\r\nb\r\n", 20));
    assertEquals("", ProjectContainers.lastLines("", 20));
  }
}
