package io.ferry.installer.cli;

/** The installer's exit codes: a contract for scripts and monitoring, listed in --help and docs/onprem. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int IO = 6;
  public static final int BUNDLE_REJECTED = 10;
  public static final int SIGNATURE_REJECTED = 11;
  public static final int INTERRUPTED = 130;

  static final String[] HELP = {
      "  0  success",
      "  1  internal error (run again with --stacktrace and report it)",
      "  2  usage error (wrong or missing options)",
      "  6  reading a file failed (missing, permissions)",
      " 10  the bundle is damaged or tampered with (the message names the entry); nothing was changed",
      " 11  the bundle's signature is not trusted (unknown, expired or wrong key); nothing was changed",
      "130  interrupted"};

  private ExitCodes() {}
}
