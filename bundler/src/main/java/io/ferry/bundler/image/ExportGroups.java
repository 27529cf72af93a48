package io.ferry.bundler.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the images to export into groups that share no layer, each exported by a request of its
 * own. Docker 20.10 writes a whole export to a temporary folder before its first byte, one layer
 * after the other: with one request per group the engine prepares the groups side by side, and the
 * bundler compresses the small groups while the engine still prepares the large one. Images that
 * share a layer stay in one request, so the engine exports that layer once.
 */
public final class ExportGroups {
  /** What grouping needs to know of an image: its layers by diff ID and its size in bytes. */
  public record Shape(List<String> diffIds, long size) {}

  private ExportGroups() {}

  /**
   * The groups for {@code refs}, as the engine describes the images now. A reference the engine
   * cannot inspect gets a group of its own: the build reports it by name when it resolves it.
   */
  static List<List<String>> of(DockerClient client, List<String> refs) {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (String ref : refs) {
      try {
        InspectImageResponse inspect = client.inspectImageCmd(ref).exec();
        List<String> diffIds = inspect.getRootFS() == null || inspect.getRootFS().getLayers() == null
            ? List.of() : inspect.getRootFS().getLayers();
        shapes.put(ref, new Shape(diffIds, inspect.getSize() == null ? 0 : inspect.getSize()));
      } catch (RuntimeException e) {
        shapes.put(ref, new Shape(List.of(), 0));
      }
    }
    return group(shapes);
  }

  /**
   * The references joined wherever two images share a diff ID, smallest group first (its first
   * byte comes first), ties in the order given. A layer shared by two groups' images is counted in
   * each group's size; only the order depends on it. The same shapes always give the same groups.
   */
  public static List<List<String>> group(Map<String, Shape> shapes) {
    List<String> refs = new ArrayList<>(shapes.keySet());
    int[] parent = new int[refs.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    Map<String, Integer> owner = new HashMap<>();
    for (int i = 0; i < refs.size(); i++) {
      for (String diffId : shapes.get(refs.get(i)).diffIds()) {
        Integer other = owner.putIfAbsent(diffId, i);
        if (other != null) {
          union(parent, other, i);
        }
      }
    }
    Map<Integer, List<String>> byRoot = new LinkedHashMap<>();
    Map<Integer, Long> sizes = new HashMap<>();
    for (int i = 0; i < refs.size(); i++) {
      int root = find(parent, i);
      byRoot.computeIfAbsent(root, k -> new ArrayList<>()).add(refs.get(i));
      sizes.merge(root, shapes.get(refs.get(i)).size(), Long::sum);
    }
    List<Map.Entry<Integer, List<String>>> ordered = new ArrayList<>(byRoot.entrySet());
    // A stable sort: equal sizes keep the order of their first reference.
    ordered.sort(Comparator.comparingLong(e -> sizes.get(e.getKey())));
    return ordered.stream().map(e -> List.copyOf(e.getValue())).toList();
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    // The lower index stays the root, so a group keeps the place of its first reference.
    if (ra < rb) {
      parent[rb] = ra;
    } else if (rb < ra) {
      parent[ra] = rb;
    }
  }
}
