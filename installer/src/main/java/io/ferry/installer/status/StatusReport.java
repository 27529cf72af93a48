package io.ferry.installer.status;

import io.ferry.installer.deploy.ExitCode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deployed stack compared with what runs: one row per service (and per extra container) and
 * the drift found. Immutable and thread-safe.
 *
 * @param stack the stack's name
 * @param release the deployed release
 * @param project the compose project
 * @param deployedAt when the deployment finished, null when the record does not say
 * @param services the rows: the deployment's services in record order, then extra containers
 * @param drift every difference; empty when the stack runs as deployed and is healthy
 * @param checkedAt when the containers were looked at (for uptimes)
 */
public record StatusReport(String stack, String release, String project, Instant deployedAt,
    List<ServiceStatus> services, List<Drift> drift, Instant checkedAt) {
  static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  public StatusReport {
    services = List.copyOf(services);
    drift = List.copyOf(drift);
  }

  /** True when every service runs its deployed image, running and healthy, and nothing else runs. */
  public boolean ok() {
    return drift.isEmpty();
  }

  /** 0 when {@link #ok()}, else {@link ExitCode#DRIFT}. */
  public int exitCode() {
    return ok() ? ExitCode.OK : ExitCode.DRIFT;
  }

  /** The deployment's services (extra containers left out). */
  public List<ServiceStatus> deployedServices() {
    return services.stream().filter(s -> !s.extra()).toList();
  }

  /**
   * "acd-demo 1.0.1: 3 services running and healthy (deployed 2026-11-23 09:05 UTC)", or with
   * drift "acd-demo 1.0.1: 1 of 3 services running and healthy as deployed; 2 differences (deployed ...)".
   */
  public String summary() {
    List<ServiceStatus> deployed = deployedServices();
    String when = deployedAt == null ? "" : " (deployed " + WHEN.format(deployedAt) + ")";
    int n = deployed.size();
    if (ok()) {
      return stack + " " + release + ": " + n + (n == 1 ? " service" : " services") + " running and healthy" + when;
    }
    Set<String> drifting = drift.stream().map(Drift::service).collect(Collectors.toSet());
    long good = deployed.stream().filter(s -> !drifting.contains(s.service())).count();
    return stack + " " + release + ": " + good + " of " + n + (n == 1 ? " service" : " services")
        + " running and healthy as deployed; " + drift.size() + (drift.size() == 1 ? " difference" : " differences")
        + when;
  }

  /** The report as a JSON-friendly map (for {@code --json}): plain strings, numbers, lists and maps. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stack", stack);
    m.put("release", release);
    m.put("project", project);
    m.put("deployedAt", deployedAt == null ? null : deployedAt.toString());
    m.put("ok", ok());
    m.put("summary", summary());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ServiceStatus s : services) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("service", s.service());
      r.put("extra", s.extra());
      r.put("container", s.container());
      r.put("state", s.state());
      r.put("health", s.health());
      r.put("desiredImageId", s.desiredImageId());
      r.put("imageId", s.imageId());
      r.put("imageMatches", s.imageMatches());
      r.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
      var up = s.uptime(checkedAt);
      r.put("uptimeSeconds", up == null ? null : up.toSeconds());
      rows.add(r);
    }
    m.put("services", rows);
    List<Map<String, Object>> drifts = new ArrayList<>();
    for (Drift d : drift) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("kind", d.kind().name());
      r.put("service", d.service());
      r.put("container", d.container());
      r.put("message", d.message());
      drifts.add(r);
    }
    m.put("drift", drifts);
    return m;
  }
}
