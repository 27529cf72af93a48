package io.ferry.installer.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a bundle suits a backup it is to be started on: a bundle of another stack cannot use the
 * backup's data at all; the same release brings the stack back as it was; a newer release is an update
 * (its migrations run on the restored data); an older one is a downgrade, which migrations do not undo.
 * Immutable and thread-safe.
 *
 * @param kind what starting the bundle on the backup means
 * @param message one sentence for the person choosing the bundle, with what to do when it is wrong
 */
public record RestoreMatch(Kind kind, String message) {
  private static final Pattern NUMBERS = Pattern.compile("^(\\d+(?:\\.\\d+)*)(.*)$");

  /** What starting the bundle on the backup means. */
  public enum Kind {
    OTHER_STACK,
    SAME_RELEASE,
    UPDATE,
    DOWNGRADE
  }

  /** A bundle of another stack: its release cannot start on this data. */
  public boolean refused() {
    return kind == Kind.OTHER_STACK;
  }

  public static RestoreMatch of(String backupStack, String backupRelease, String bundleStack, String bundleRelease) {
    if (!backupStack.equals(bundleStack)) {
      return new RestoreMatch(Kind.OTHER_STACK, "this bundle is of stack '" + bundleStack + "' but the backup is of '"
          + backupStack + "': choose a bundle of " + backupStack + " (release " + backupRelease + " or newer)");
    }
    int order = compareReleases(bundleRelease, backupRelease);
    if (order == 0) {
      return new RestoreMatch(Kind.SAME_RELEASE, "the bundle is release " + bundleRelease + ", as the backup: the"
          + " stack comes back as it was");
    }
    if (order > 0) {
      return new RestoreMatch(Kind.UPDATE, "the bundle is release " + bundleRelease + ", the backup is of "
          + backupRelease + ": the data is restored and " + bundleRelease + " starts on it, an update from "
          + backupRelease + " (its migrations run on the restored data)");
    }
    return new RestoreMatch(Kind.DOWNGRADE, "the bundle is release " + bundleRelease + ", older than the backup's "
        + backupRelease + ": an older release on newer data is a downgrade, which migrations do not undo; choose"
        + " the bundle of " + backupRelease + " or newer, unless the vendor's support says otherwise");
  }

  /**
   * Orders releases by their leading numbers ("1.10.0" after "1.9.2"), then a release without a suffix
   * after one with ("1.0.0" after "1.0.0-rc1"), then the suffixes as text. Releases without leading
   * numbers compare as text.
   */
  static int compareReleases(String a, String b) {
    Matcher ma = NUMBERS.matcher(a);
    Matcher mb = NUMBERS.matcher(b);
    if (!ma.matches() || !mb.matches()) {
      return Integer.signum(a.compareTo(b));
    }
    String[] na = ma.group(1).split("\\.");
    String[] nb = mb.group(1).split("\\.");
    for (int i = 0; i < Math.max(na.length, nb.length); i++) {
      int c = compareNumbers(i < na.length ? na[i] : "0", i < nb.length ? nb[i] : "0");
      if (c != 0) {
        return c;
      }
    }
    String sa = ma.group(2);
    String sb = mb.group(2);
    if (sa.isEmpty() != sb.isEmpty()) {
      return sa.isEmpty() ? 1 : -1;
    }
    return Integer.signum(sa.compareTo(sb));
  }

  /** Two strings of digits as numbers, however long. */
  private static int compareNumbers(String x, String y) {
    String a = x.replaceFirst("^0+(?=.)", "");
    String b = y.replaceFirst("^0+(?=.)", "");
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : Integer.signum(a.compareTo(b));
  }
}
