package io.ferry.bundler.stack;

import java.util.Map;

/**
 * Compose-style variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}} and {@code $$} for a literal dollar. Stateless and thread-safe.
 */
public final class Interpolation {
  private Interpolation() {}

  /** Thrown for {@code ${VAR?message}} on an unset variable, or malformed syntax. */
  public static final class InterpolationException extends Exception {
    public InterpolationException(String message) {
      super(message);
    }
  }

  public static String apply(String text, Map<String, String> env) throws InterpolationException {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        int close = findClose(text, i + 2);
        if (close < 0) {
          throw new InterpolationException("unclosed '${' in: " + text);
        }
        out.append(expand(text.substring(i + 2, close), env));
        i = close + 1;
      } else if (isNameStart(next)) {
        int end = i + 1;
        while (end < text.length() && isNamePart(text.charAt(end))) {
          end++;
        }
        out.append(env.getOrDefault(text.substring(i + 1, end), ""));
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int findClose(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String expand(String body, Map<String, String> env) throws InterpolationException {
    int end = 0;
    while (end < body.length() && isNamePart(body.charAt(end))) {
      end++;
    }
    String name = body.substring(0, end);
    if (name.isEmpty() || !isNameStart(name.charAt(0))) {
      throw new InterpolationException("invalid variable name in ${" + body + "}");
    }
    String value = env.get(name);
    if (end == body.length()) {
      return value == null ? "" : value;
    }
    String op = body.substring(end);
    boolean colon = op.startsWith(":");
    String rest = colon ? op.substring(1) : op;
    if (rest.isEmpty()) {
      throw new InterpolationException("invalid modifier in ${" + body + "}");
    }
    char kind = rest.charAt(0);
    String arg = apply(rest.substring(1), env);
    boolean missing = colon ? value == null || value.isEmpty() : value == null;
    return switch (kind) {
      case '-' -> missing ? arg : value;
      case '+' -> missing ? "" : arg;
      case '?' -> {
        if (missing) {
          throw new InterpolationException("required variable " + name + " is not set: " + arg);
        }
        yield value;
      }
      default -> throw new InterpolationException("invalid modifier in ${" + body + "}");
    };
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
