package io.ferry.installer.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The containers of one compose project, found by the labels that both docker-compose v1 and
 * docker compose v2 put on them, so the answer does not depend on which compose created them.
 * Stateless and thread-safe.
 */
public final class ProjectContainers {
  public static final String PROJECT_LABEL = "com.docker.compose.project";
  public static final String SERVICE_LABEL = "com.docker.compose.service";
  public static final String ONE_OFF_LABEL = "com.docker.compose.oneoff";
  private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");
  private static final int MAX_LOG_BYTES = 1 << 20;

  private ProjectContainers() {}

  /**
   * Every container of the project, stopped ones included, sorted by service and name. A
   * container removed while it is being listed (a finishing {@code run --rm}) is left out.
   */
  public static List<ContainerState> list(DockerClient client, String project) {
    List<Container> found = client.listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(PROJECT_LABEL, project))
        .exec();
    List<ContainerState> states = new ArrayList<>();
    for (Container c : found) {
      InspectContainerResponse inspect;
      try {
        inspect = client.inspectContainerCmd(c.getId()).exec();
      } catch (NotFoundException gone) {
        continue;
      }
      states.add(toState(inspect));
    }
    states.sort(Comparator.comparing(ContainerState::service).thenComparing(ContainerState::name));
    return states;
  }

  static ContainerState toState(InspectContainerResponse inspect) {
    Map<String, String> labels = inspect.getConfig() == null || inspect.getConfig().getLabels() == null
        ? Map.of() : inspect.getConfig().getLabels();
    InspectContainerResponse.ContainerState s = inspect.getState();
    String state = s == null || s.getStatus() == null ? "unknown" : s.getStatus();
    String health = s == null || s.getHealth() == null || s.getHealth().getStatus() == null
        ? "none" : s.getHealth().getStatus();
    String name = inspect.getName() == null ? inspect.getId() : inspect.getName().replaceFirst("^/", "");
    return new ContainerState(
        labels.getOrDefault(SERVICE_LABEL, ""),
        inspect.getId(),
        name,
        bareId(inspect.getImageId()),
        state,
        health,
        s == null ? null : instant(s.getStartedAt()),
        "true".equalsIgnoreCase(labels.get(ONE_OFF_LABEL)));
  }

  /** {@code sha256:abc…} → {@code abc…}; null stays null. */
  public static String bareId(String id) {
    if (id == null) {
      return null;
    }
    int colon = id.indexOf(':');
    return colon >= 0 ? id.substring(colon + 1) : id;
  }

  static Instant instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      Instant t = Instant.parse(rfc3339);
      return t.equals(NEVER) ? null : t;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The last {@code lines} lines the container wrote to stdout and stderr, interleaved as the
   * engine stored them. An empty string when the container is gone or its log driver keeps no
   * local copy; the reason in parentheses when the engine refused.
   */
  public static String logTail(DockerClient client, String containerId, int lines) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload != null && bytes.size() < MAX_LOG_BYTES) {
          synchronized (bytes) {
            bytes.write(payload, 0, payload.length);
          }
        }
      }
    };
    try {
      client.logContainerCmd(containerId)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(lines)
          .exec(callback);
      if (!callback.awaitCompletion(30, TimeUnit.SECONDS)) {
        callback.close();
      }
    } catch (NotFoundException gone) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      return "(logs unavailable: " + DockerEngine.rootMessage(e) + ")";
    }
    String text;
    synchronized (bytes) {
      text = bytes.toString(StandardCharsets.UTF_8);
    }
    return lastLines(text, lines);
  }

  static String lastLines(String text, int lines) {
    String[] all = text.replace("\r\n", "\n").split("\n", -1);
    int end = all.length;
    while (end > 0 && all[end - 1].isEmpty()) {
      end--;
    }
    int start = Math.max(0, end - lines);
    return String.join("\n", java.util.Arrays.asList(all).subList(start, end));
  }
}
