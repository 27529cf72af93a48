package io.ferry.installer.stack;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * Reads a small YAML document (the stack descriptor, the customer configuration) through SnakeYAML's
 * node API, so that every message names the file, the line and the key path, e.g.
 * {@code customer.yaml line 7: unknown key 'sizng' (did you mean 'sizing'? known: ...)}.
 *
 * <p>Values are read as the text the author wrote: {@code release: 1.10} is the text "1.10", not the
 * number 1.1, and {@code FLAG: yes} stays "yes". A key with no value ({@code release:} or {@code ~})
 * counts as absent. Duplicate keys are refused (SnakeYAML's composer does not check them).
 *
 * <p>Shared by {@code io.ferry.installer.config}; not meant for other YAML. Immutable and
 * thread-safe once parsed.
 */
public final class YamlTree {
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?[0-9]+");

  private YamlTree() {}

  /** A problem with the document; the message is complete ("<source> line N: ..."). */
  public static final class YamlProblem extends Exception {
    public YamlProblem(String message) {
      super(message);
    }
  }

  /** Parses {@code yaml} (UTF-8, a BOM is allowed) whose top level must be a mapping. */
  public static Mapping parse(byte[] yaml, String source) throws YamlProblem {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit(1024 * 1024);
    Node root;
    try (UnicodeReader reader = new UnicodeReader(new ByteArrayInputStream(yaml))) {
      root = new Yaml(new SafeConstructor(options)).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = (e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark()).getLine() + 1;
      throw new YamlProblem(source + " line " + line + ": " + e.getProblem() + " (fix the YAML syntax)");
    } catch (YAMLException | java.io.IOException e) {
      throw new YamlProblem(source + ": " + e.getMessage() + " (fix the YAML syntax)");
    }
    if (root == null) {
      throw new YamlProblem(source + ": the file is empty");
    }
    if (!(root instanceof MappingNode map)) {
      throw new YamlProblem(source + " line " + line(root) + ": expected 'key: value' lines at the top level");
    }
    return new Mapping(source, "", map);
  }

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  /** Closest of {@code known} to {@code key} when it is a plausible typo, else null. */
  public static String suggestion(String key, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(key.toLowerCase(), k.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    int allowed = key.length() < 4 ? 1 : key.length() < 9 ? 2 : 3;
    return best != null && bestDistance <= allowed ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  /** A mapping of the document, named by its key path ("" for the top level, else e.g. "sizing.profiles"). */
  public static final class Mapping {
    private final String source;
    private final String path;
    private final MappingNode node;
    private final Map<String, NodeTuple> entries;

    Mapping(String source, String path, MappingNode node) throws YamlProblem {
      this.source = source;
      this.path = path;
      this.node = node;
      this.entries = collect(node);
    }

    private Map<String, NodeTuple> collect(MappingNode map) throws YamlProblem {
      Map<String, NodeTuple> explicit = new LinkedHashMap<>();
      List<Node> merged = new ArrayList<>();
      for (NodeTuple t : map.getValue()) {
        Node k = t.getKeyNode();
        if (Tag.MERGE.equals(k.getTag())) {
          merged.add(t.getValueNode());
          continue;
        }
        if (!(k instanceof ScalarNode s) || isNull(k)) {
          throw new YamlProblem(source + " line " + YamlTree.line(k) + ": " + where() + "keys must be plain names");
        }
        NodeTuple earlier = explicit.put(s.getValue(), t);
        if (earlier != null) {
          throw new YamlProblem(source + " line " + YamlTree.line(k) + ": duplicate key '" + full(s.getValue())
              + "' (also at line " + YamlTree.line(earlier.getKeyNode()) + "); keep one of them");
        }
      }
      // "<<: *anchor" merges keys the mapping does not set itself, as YAML 1.1 defines.
      Map<String, NodeTuple> result = new LinkedHashMap<>(explicit);
      for (Node m : merged) {
        List<Node> sources = m instanceof SequenceNode seq ? seq.getValue() : List.of(m);
        for (Node src : sources) {
          if (!(src instanceof MappingNode sm)) {
            throw new YamlProblem(source + " line " + YamlTree.line(src) + ": '<<' must refer to a mapping");
          }
          for (Map.Entry<String, NodeTuple> e : collect(sm).entrySet()) {
            result.putIfAbsent(e.getKey(), e.getValue());
          }
        }
      }
      return result;
    }

    private String where() {
      return path.isEmpty() ? "" : "in '" + path + "': ";
    }

    /** The key path of {@code key} in this mapping, e.g. "sizing.profiles.small.cpus". */
    public String full(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    public String source() {
      return source;
    }

    public String path() {
      return path;
    }

    public int line() {
      return YamlTree.line(node);
    }

    /** The keys in document order (including keys with no value). */
    public Set<String> keys() {
      return Collections.unmodifiableSet(entries.keySet());
    }

    /** Whether {@code key} is present with a value. */
    public boolean has(String key) {
      NodeTuple t = entries.get(key);
      return t != null && !isNull(t.getValueNode());
    }

    /** Line of {@code key} if present, else of this mapping. */
    public int lineOf(String key) {
      NodeTuple t = entries.get(key);
      return t == null ? line() : YamlTree.line(t.getKeyNode());
    }

    /** A problem at {@code key}: "<source> line N: <message>". */
    public YamlProblem problem(String key, String message) {
      return new YamlProblem(source + " line " + lineOf(key) + ": " + message);
    }

    /** Refuses keys not in {@code known}, suggesting the closest known one. */
    public void allowOnly(Collection<String> known) throws YamlProblem {
      for (String key : entries.keySet()) {
        if (!known.contains(key)) {
          String hint = suggestion(key, known);
          throw problem(key, "unknown key '" + key + "'" + (path.isEmpty() ? "" : " in '" + path + "'")
              + " (" + (hint == null ? "" : "did you mean '" + hint + "'? ") + "known: "
              + String.join(", ", known) + ")");
        }
      }
    }

    /** Fails with "<source>: required key 'x' is missing" (top level) or names the enclosing line. */
    public YamlProblem missing(String key, String hint) {
      String fix = hint == null ? "" : "; " + hint;
      if (entries.containsKey(key)) {
        return problem(key, "'" + full(key) + "' has no value" + fix);
      }
      String what = "required key '" + full(key) + "' is missing" + fix;
      return path.isEmpty() ? new YamlProblem(source + ": " + what) : problem(key, what);
    }

    private Node value(String key) {
      NodeTuple t = entries.get(key);
      return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    /** The text of a single value, or null when absent. {@code expected} completes "x must be ...". */
    public String text(String key, String expected) throws YamlProblem {
      Node v = value(key);
      if (v == null) {
        return null;
      }
      if (!(v instanceof ScalarNode s)) {
        throw problem(key, full(key) + " must be " + expected + ", not " + kind(v));
      }
      return s.getValue();
    }

    public String requiredText(String key, String expected) throws YamlProblem {
      String t = text(key, expected);
      if (t == null || t.isBlank()) {
        throw missing(key, "set it to " + expected);
      }
      return t;
    }

    /** A whole number in [min, max], or null when absent. */
    public Long wholeNumber(String key, long min, long max) throws YamlProblem {
      Node v = value(key);
      if (v == null) {
        return null;
      }
      String range = "a whole number" + (max == Long.MAX_VALUE ? " of at least " + min : " from " + min + " to " + max);
      if (!(v instanceof ScalarNode s) || !WHOLE_NUMBER.matcher(s.getValue().strip()).matches()) {
        throw problem(key, full(key) + " must be a whole number"
            + (v instanceof ScalarNode s2 ? " (found: " + s2.getValue() + ")" : ", not " + kind(v)));
      }
      long n;
      try {
        n = Long.parseLong(s.getValue().strip());
      } catch (NumberFormatException e) {
        throw problem(key, full(key) + " must be " + range + " (found: " + s.getValue() + ")");
      }
      if (n < min || n > max) {
        throw problem(key, full(key) + " must be " + range + " (found: " + n + ")");
      }
      return n;
    }

    /** A nested mapping, or null when absent. */
    public Mapping mapping(String key, String expected) throws YamlProblem {
      Node v = value(key);
      if (v == null) {
        return null;
      }
      if (!(v instanceof MappingNode m)) {
        throw problem(key, full(key) + " must be " + expected + ", not " + kind(v));
      }
      return new Mapping(source, full(key), m);
    }

    /** The nested mappings of a mapping of mappings (e.g. sizing.profiles), in document order. */
    public Map<String, Mapping> mappings(String key, String expectedOuter, String expectedInner)
        throws YamlProblem {
      Mapping outer = mapping(key, expectedOuter);
      Map<String, Mapping> result = new LinkedHashMap<>();
      if (outer == null) {
        return result;
      }
      for (String name : outer.keys()) {
        Mapping inner = outer.mapping(name, expectedInner);
        if (inner == null) {
          throw outer.problem(name, outer.full(name) + " has no settings; it must be " + expectedInner);
        }
        result.put(name, inner);
      }
      return result;
    }

    /** A list of single values; a single value alone is refused. Null when absent. */
    public List<String> textList(String key, String expected) throws YamlProblem {
      Node v = value(key);
      if (v == null) {
        return null;
      }
      if (!(v instanceof SequenceNode seq)) {
        throw problem(key, full(key) + " must be " + expected + ", not " + kind(v));
      }
      List<String> result = new ArrayList<>();
      for (Node item : seq.getValue()) {
        if (!(item instanceof ScalarNode s) || isNull(item)) {
          throw new YamlProblem(source + " line " + YamlTree.line(item) + ": every item of " + full(key)
              + " must be a single value (" + expected + ")");
        }
        result.add(s.getValue());
      }
      return result;
    }

    /** A mapping of names to single values, in document order; empty when absent. */
    public Map<String, String> textMap(String key, String expected) throws YamlProblem {
      Mapping m = mapping(key, expected);
      Map<String, String> result = new LinkedHashMap<>();
      if (m == null) {
        return result;
      }
      for (String name : m.keys()) {
        String value = m.text(name, "a single value");
        if (value == null) {
          throw m.problem(name, m.full(name) + " has no value; write " + name + ": \"\" for an empty one");
        }
        result.put(name, value);
      }
      return result;
    }

    private static String kind(Node v) {
      return v instanceof MappingNode ? "a mapping" : v instanceof SequenceNode ? "a list" : "a single value";
    }
  }
}
