package io.ferry.installer.status;

import static io.ferry.installer.status.StackStatusTest.DB;
import static io.ferry.installer.status.StackStatusTest.NOW;
import static io.ferry.installer.status.StackStatusTest.OLD_WEB;
import static io.ferry.installer.status.StackStatusTest.container;
import static io.ferry.installer.status.StackStatusTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTextTest {
  @Test
  void aHealthyStackIsTheSummaryAndATable() {
    StatusReport r = StackStatus.compare(record(), StackStatusTest.healthy(), NOW);
    assertEquals(List.of(
        "acd-demo 1.0.1: 2 services running and healthy (deployed 2026-11-23 09:05 UTC)",
        "SERVICE  STATE    HEALTH   UPTIME  IMAGE",
        "db       running  healthy  2h 5m   92dbe69c1fbe",
        "web      running  none     2h 5m   ecd1327be592"), StatusText.lines(r, null));
  }

  @Test
  void driftIsListedWithHowToRepairIt() {
    StatusReport r = StackStatus.compare(record(), List.of(container("web", OLD_WEB, "exited", "none"),
        container("worker", DB, "running", "healthy")), NOW);
    assertEquals(List.of(
        "acd-demo 1.0.1: 0 of 2 services running and healthy as deployed; 4 differences (deployed 2026-11-23 09:05"
            + " UTC)",
        "SERVICE  STATE    HEALTH   UPTIME  IMAGE",
        "db       missing  -        -       - (deployed 92dbe69c1fbe)",
        "web      exited   none     -       18784d7f84b2 (deployed ecd1327be592)",
        "worker   running  healthy  2h 5m   92dbe69c1fbe (not deployed)",
        "drift:",
        "  - db has no container (it was removed)",
        "  - web runs image 18784d7f84b2, deployed ecd1327be592",
        "  - web is exited (container acd-demo_web_1)",
        "  - container acd-demo_worker_1 (service worker, running) is not part of the deployment",
        "To put back what was deployed, run 'ferry deploy' with the bundle of acd-demo 1.0.1 and --config"
            + " /var/lib/ferry/acd-demo/customer.yaml again."),
        StatusText.lines(r, Path.of("/var/lib/ferry/acd-demo/customer.yaml")));
  }

  @Test
  void uptimes() {
    assertEquals("45s", StatusText.uptime(Duration.ofSeconds(45)));
    assertEquals("12m", StatusText.uptime(Duration.ofMinutes(12).plusSeconds(59)));
    assertEquals("3h 12m", StatusText.uptime(Duration.ofMinutes(192)));
    assertEquals("2d 4h", StatusText.uptime(Duration.ofHours(52).plusMinutes(30)));
  }

  @Test
  void theReportAsAMapForJson() {
    StatusReport r = StackStatus.compare(record(), List.of(container("db", DB, "running", "healthy")), NOW);
    Map<String, Object> m = r.toMap();
    assertEquals(List.of("stack", "release", "project", "deployedAt", "ok", "summary", "services", "drift"),
        List.copyOf(m.keySet()));
    assertEquals(false, m.get("ok"));
    assertEquals("2026-11-23T09:05:40.123Z", m.get("deployedAt"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> services = (List<Map<String, Object>>) m.get("services");
    assertEquals("db", services.get(0).get("service"));
    assertEquals(7500L, services.get(0).get("uptimeSeconds"));
    assertEquals(true, services.get(0).get("imageMatches"));
    assertEquals("missing", services.get(1).get("state"));
    assertEquals(null, services.get(1).get("container"));
    assertEquals(List.of(Map.of("kind", "MISSING", "service", "web", "message", "web has no container (it was"
        + " removed)")), ((List<?>) m.get("drift")).stream().map(o -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> d = new java.util.HashMap<>((Map<String, Object>) o);
          d.remove("container");
          return d;
        }).toList());
  }
}
