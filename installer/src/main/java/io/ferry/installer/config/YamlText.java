package io.ferry.installer.config;

import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/** Writes YAML scalars: plain when that reads back as the same text, else double-quoted. Thread-safe. */
final class YamlText {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/.][A-Za-z0-9_/.@+-]*");
  private static final Resolver RESOLVER = new Resolver();

  private YamlText() {}

  static String scalar(String s) {
    if (s == null) {
      return "\"\"";
    }
    // A plain scalar YAML would read as null, a boolean or a number ("1.10", "no", "null") is quoted so
    // that any other YAML reader sees the same text Ferry does.
    if (PLAIN.matcher(s).matches() && Tag.STR.equals(RESOLVER.resolve(NodeId.scalar, s, true))) {
      return s;
    }
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  static String flowList(List<String> items) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(scalar(items.get(i)));
    }
    return b.append(']').toString();
  }
}
