package io.ferry.installer.health;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.ProjectContainers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Waits until a compose project's containers are running and healthy, by polling the engine (no
 * compose process involved, so it works the same after v1 and v2). Fails early, without waiting
 * for the deadline, when a container exits for good or stays unhealthy (see {@link HealthRules}).
 * Holds no state between calls: thread-safe.
 */
public final class HealthWaiter {
  static final Duration POLL = Duration.ofMillis(500);
  static final int LOG_LINES = 20;
  private static final int SUMMARY_OUTPUT_CHARS = 200;

  private final DockerClient client;
  private final ProgressListener progress;
  private final Duration poll;

  public HealthWaiter(DockerClient client, ProgressListener progress) {
    this(client, progress, POLL);
  }

  HealthWaiter(DockerClient client, ProgressListener progress, Duration poll) {
    this.client = client;
    this.progress = progress;
    this.poll = poll;
  }

  /**
   * Waits until every container of the project that is not one-off is running and (if it has a
   * healthcheck) healthy, and every expected service has at least one such container.
   *
   * <p>Progress: a task "waiting for health" whose total is the number of services, advancing as
   * each becomes ready; its item names the services still waited for.
   *
   * @param project the compose project name (label com.docker.compose.project)
   * @param expectedServices services that must have a container; one never created counts as not healthy
   * @throws UnhealthyException on timeout, or as soon as a container has failed for good
   */
  public void waitHealthy(String project, Collection<String> expectedServices, Duration timeout)
      throws UnhealthyException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Set<String> services = new LinkedHashSet<>(expectedServices);
    Map<String, Long> failingSince = new HashMap<>();
    long reported = 0;
    try (ProgressTask task = ProgressTask.start(progress, "waiting for health", services.size())) {
      while (true) {
        List<ContainerState> containers = new ArrayList<>();
        for (ContainerState c : ProjectContainers.list(client, project)) {
          if (!c.oneOff()) {
            containers.add(c);
          }
        }
        Map<String, List<ContainerState>> byService = group(containers);
        services.addAll(byService.keySet());
        task.total(services.size());
        List<String> waiting = new ArrayList<>();
        for (String s : services) {
          List<ContainerState> cs = byService.getOrDefault(s, List.of());
          if (cs.isEmpty() || !cs.stream().allMatch(ContainerState::ready)) {
            waiting.add(s);
          }
        }
        long ready = services.size() - waiting.size();
        if (ready > reported) {
          task.advance(ready - reported);
          reported = ready;
        }
        if (waiting.isEmpty()) {
          task.item("");
          return;
        }
        task.item("waiting for " + String.join(", ", waiting));

        long now = System.nanoTime();
        Set<String> failed = new LinkedHashSet<>();
        Set<String> live = new LinkedHashSet<>();
        for (ContainerState c : containers) {
          live.add(c.containerId());
          if (c.ready()) {
            failingSince.remove(c.containerId());
            continue;
          }
          HealthRules.Verdict v = HealthRules.judge(c, facts(c));
          if (!v.failing()) {
            failingSince.remove(c.containerId());
            continue;
          }
          long since = failingSince.computeIfAbsent(c.containerId(), id -> now);
          if (now - since >= v.grace().toNanos()) {
            failed.add(c.service());
          }
        }
        failingSince.keySet().retainAll(live);
        if (!failed.isEmpty()) {
          throw report(project, services, byService, new ArrayList<>(failed), false, now - start);
        }
        if (now - deadline >= 0) {
          throw report(project, services, byService, waiting, true, now - start);
        }
        try {
          Thread.sleep(Math.max(1, Math.min(poll.toMillis(), (deadline - now) / 1_000_000 + 1)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UnhealthyException("interrupted while waiting for project " + project + " to become healthy",
              waiting, "");
        }
      }
    }
  }

  private static Map<String, List<ContainerState>> group(List<ContainerState> containers) {
    Map<String, List<ContainerState>> by = new TreeMap<>();
    for (ContainerState c : containers) {
      by.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c);
    }
    return by;
  }

  private HealthRules.Facts facts(ContainerState c) {
    InspectContainerResponse i = inspect(c.containerId());
    return i == null ? null : facts(i);
  }

  static HealthRules.Facts facts(InspectContainerResponse i) {
    HostConfig host = i.getHostConfig();
    RestartPolicy rp = host == null ? null : host.getRestartPolicy();
    HealthCheck hc = i.getConfig() == null ? null : i.getConfig().getHealthcheck();
    InspectContainerResponse.ContainerState s = i.getState();
    Long exit = s == null ? null : s.getExitCodeLong();
    return new HealthRules.Facts(
        rp == null || rp.getName() == null ? "" : rp.getName(),
        rp == null || rp.getMaximumRetryCount() == null ? 0 : rp.getMaximumRetryCount(),
        i.getRestartCount() == null ? 0 : i.getRestartCount(),
        exit == null ? 0 : exit,
        hc == null || hc.getInterval() == null ? null : Duration.ofNanos(hc.getInterval()),
        hc == null || hc.getTimeout() == null ? null : Duration.ofNanos(hc.getTimeout()));
  }

  private InspectContainerResponse inspect(String id) {
    try {
      return client.inspectContainerCmd(id).exec();
    } catch (NotFoundException gone) {
      return null;
    }
  }

  private UnhealthyException report(String project, Set<String> services, Map<String, List<ContainerState>> byService,
      List<String> named, boolean timedOut, long elapsedNanos) {
    List<String> summaries = new ArrayList<>();
    StringBuilder details = new StringBuilder();
    Map<String, String> firstContainer = new LinkedHashMap<>();
    for (String s : services) {
      if (!named.contains(s)) {
        continue;
      }
      List<ContainerState> cs = byService.getOrDefault(s, List.of());
      if (details.length() > 0) {
        details.append('\n');
      }
      if (cs.isEmpty()) {
        summaries.add(s + " (no container: it was never created)");
        details.append("service ").append(s).append(": no container; it was never created (see what compose up printed)\n");
        continue;
      }
      String summary = null;
      for (ContainerState c : cs) {
        if (c.ready()) {
          continue;
        }
        InspectContainerResponse i = inspect(c.containerId());
        String state = describeState(c, i);
        String check = lastFailingCheck(i);
        if (summary == null) {
          summary = s + " (" + state + (check.isEmpty() ? "" : "; health check: " + shorten(check)) + ")";
          firstContainer.put(s, c.name());
        }
        details.append("service ").append(s).append(", container ").append(c.name()).append(": ").append(state)
            .append('\n');
        if (!check.isEmpty()) {
          details.append("  last failing health check:\n").append(indent(check, "    ")).append('\n');
        }
        String logs = ProjectContainers.logTail(client, c.containerId(), LOG_LINES);
        if (logs.isBlank()) {
          details.append("  no log lines\n");
        } else {
          details.append("  last ").append(LOG_LINES).append(" log lines:\n").append(indent(logs, "    ")).append('\n');
        }
      }
      summaries.add(summary == null ? s + " (not ready)" : summary);
    }
    String subject = (named.size() == 1 ? "service " : "services ") + String.join(", ", summaries);
    String message;
    if (timedOut) {
      message = "project " + project + " is not healthy after " + seconds(elapsedNanos) + ": " + subject
          + (named.size() == 1 ? " is" : " are") + " not ready";
    } else {
      message = "project " + project + ": " + subject + (named.size() == 1 ? " has" : " have") + " failed";
    }
    if (!firstContainer.isEmpty()) {
      message += "; see 'docker logs " + firstContainer.values().iterator().next() + "'";
    }
    return new UnhealthyException(message, named, details.toString().stripTrailing());
  }

  static String describeState(ContainerState c, InspectContainerResponse i) {
    StringBuilder sb = new StringBuilder(c.state());
    InspectContainerResponse.ContainerState s = i == null ? null : i.getState();
    if (("exited".equals(c.state()) || "dead".equals(c.state())) && s != null) {
      sb.append(" with code ").append(s.getExitCodeLong() == null ? "?" : s.getExitCodeLong());
      if (Boolean.TRUE.equals(s.getOOMKilled())) {
        sb.append(", killed for lack of memory");
      }
      if (s.getError() != null && !s.getError().isBlank()) {
        sb.append(", ").append(s.getError().strip());
      }
    }
    if (i != null && i.getRestartCount() != null && i.getRestartCount() > 0) {
      sb.append(", restarted ").append(i.getRestartCount()).append(i.getRestartCount() == 1 ? " time" : " times");
    }
    if (!"none".equals(c.health())) {
      sb.append(", ").append(c.health());
    }
    return sb.toString();
  }

  /** The output of the newest health check that failed, or "" if none did. */
  static String lastFailingCheck(InspectContainerResponse i) {
    if (i == null || i.getState() == null || i.getState().getHealth() == null
        || i.getState().getHealth().getLog() == null) {
      return "";
    }
    List<HealthStateLog> log = i.getState().getHealth().getLog();
    for (int k = log.size() - 1; k >= 0; k--) {
      HealthStateLog entry = log.get(k);
      Long code = entry.getExitCodeLong() != null ? entry.getExitCodeLong()
          : entry.getExitCode() == null ? null : entry.getExitCode().longValue();
      if (code != null && code != 0) {
        String out = entry.getOutput() == null ? "" : entry.getOutput().strip();
        return "exit code " + code + (out.isEmpty() ? ", no output" : ": " + out);
      }
    }
    return "";
  }

  private static String shorten(String text) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= SUMMARY_OUTPUT_CHARS ? one : one.substring(0, SUMMARY_OUTPUT_CHARS - 1) + "…";
  }

  private static String indent(String text, String prefix) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.strip().split("\r?\n")) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(prefix).append(line);
    }
    return sb.toString();
  }

  private static String seconds(long nanos) {
    long s = Math.round(nanos / 1e9);
    return s >= 120 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }
}
