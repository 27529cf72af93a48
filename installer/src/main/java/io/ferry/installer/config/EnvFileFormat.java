package io.ferry.installer.config;

import java.util.regex.Pattern;

/**
 * Writes one value of an env file so that docker-compose v1 (1.29, python-dotenv 0.21 with
 * interpolation on) and docker compose v2 (compose-go dotenv) read back exactly the same text.
 *
 * <p>Why three forms and some refusals: the two parsers agree only on a common subset.
 * <ul>
 *   <li>Unquoted: both strip trailing blanks and a {@code #} comment, and v2 expands {@code $VAR};
 *       so only values of plain characters are written bare.
 *   <li>Single quotes: v2 takes the text literally; v1 decodes {@code \\} and {@code \'} and expands
 *       {@code ${...}} (python-dotenv 0.21 interpolates inside single quotes too). Used when the value
 *       has no {@code '} and no backslash: spaces, {@code "}, {@code #} and a lone {@code $} are safe.
 *   <li>Double quotes with {@code \\} and {@code \"}: both decode these two escapes alike, but v2
 *       expands {@code $} there and v1 does not know {@code \$}; used for values with {@code '} or a
 *       backslash and no {@code $}.
 * </ul>
 * Refused: line breaks and other control characters (tab is fine), {@code ${} anywhere (v1 expands
 * it in every form), a trailing backslash (v2 would take the closing quote as escaped), and a value
 * that needs double quotes but holds {@code $} or ends with {@code "} (older compose-go trims it).
 * Stateless and thread-safe.
 */
final class EnvFileFormat {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@+,%^~=-]*");

  private EnvFileFormat() {}

  /** The problem with writing {@code value}, or null when it can be written. */
  static String problem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r') {
        return "the value has a line break; env files hold one line per variable: write it on one line";
      }
      if (c != '\t' && (c < 0x20 || c == 0x7f)) {
        return "the value has the control character U+" + String.format("%04X", (int) c) + "; remove it";
      }
    }
    if (value.contains("${")) {
      return "the value contains '${', which docker-compose v1 would expand as a variable; write the text"
          + " without '${' (or set the variable in the compose file itself)";
    }
    if (value.endsWith("\\")) {
      return "the value ends with a backslash, which docker compose v2 would misread; remove it or add a"
          + " character after it";
    }
    if (PLAIN.matcher(value).matches() || value.indexOf('\'') < 0 && value.indexOf('\\') < 0) {
      return null;
    }
    if (value.indexOf('$') >= 0) {
      return "the value has both a quote or backslash and '$'; docker-compose v1 and v2 cannot be given such a"
          + " value the same way: drop the '$' or the quote/backslash";
    }
    if (value.endsWith("\"")) {
      return "the value has a ' or a backslash and ends with '\"'; older docker compose v2 releases would drop"
          + " that quote: rephrase it";
    }
    return null;
  }

  /** The value as it goes after {@code KEY=}; IllegalArgumentException when {@link #problem} is not null. */
  static String encode(String value) {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (PLAIN.matcher(value).matches()) {
      return value;
    }
    if (value.indexOf('\'') < 0 && value.indexOf('\\') < 0) {
      return "'" + value + "'";
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
