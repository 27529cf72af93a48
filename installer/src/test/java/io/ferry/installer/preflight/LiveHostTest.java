package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the live host that need no Docker engine. */
class LiveHostTest {
  @Test
  void readsMemTotalInKibibytes() {
    String meminfo = "MemFree:         1000 kB\nMemTotal:       24684092 kB\nMemAvailable:   24030180 kB\n";
    assertEquals(OptionalLong.of(24_684_092L * 1024), LiveHost.parseMemTotal(meminfo));
    assertEquals(OptionalLong.empty(), LiveHost.parseMemTotal("nothing here"));
  }

  @Test
  void aHeldPortCannotBeBoundAFreeOneCan() throws Exception {
    try (LiveHost host = LiveHost.offline("unix:///nowhere", "down; start it");
        ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = held.getLocalPort();
      assertTrue(host.bindProblem("127.0.0.1", port).orElse("").contains("already in use"));
      assertTrue(host.bindProblem("0.0.0.0", port).isPresent(), "all addresses includes 127.0.0.1");
      held.close();
      assertEquals(java.util.Optional.empty(), host.bindProblem("127.0.0.1", port));
      assertTrue(host.bindProblem("192.0.2.77", port).orElse("").toLowerCase().contains("assign"),
          "TEST-NET-1 is no address of this host");
    }
  }

  @Test
  void theDiskOfAFolderNotCreatedYetIsItsParents(@TempDir Path dir) throws Exception {
    try (LiveHost host = LiveHost.offline("unix:///nowhere", "down; start it")) {
      HostProbe.DiskSpace d = host.disk(dir.resolve("state/acd-demo"));
      assertEquals(dir, d.folder());
      assertTrue(d.usableBytes() > 0);
      assertTrue(d.writable());
      Files.createDirectories(dir.resolve("state"));
      assertEquals(dir.resolve("state"), host.disk(dir.resolve("state/acd-demo")).folder());
    }
  }

  @Test
  void anOfflineHostSaysWhyAndHasNoPorts() throws Exception {
    try (LiveHost host = LiveHost.offline("unix:///nowhere", "down; start it")) {
      assertEquals(HostProbe.EngineFacts.unreachable("unix:///nowhere", "down; start it"), host.engine());
      assertEquals(java.util.List.of(), host.publishedPorts());
      assertTrue(host.dockerEngine().isEmpty());
    }
  }
}
