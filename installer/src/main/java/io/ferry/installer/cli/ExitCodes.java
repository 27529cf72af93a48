package io.ferry.installer.cli;

/**
 * The exit codes as --help lists them. The values live in {@link io.ferry.installer.deploy.ExitCode};
 * this is their documentation for people (also in docs/onprem/install.md).
 */
final class ExitCodes {
  static final String[] HELP = {
      "  0  success",
      "  1  internal error (run again with --stacktrace and report it)",
      "  2  usage error, or nothing deployed (status)",
      "  3  drift: the host does not run what was deployed (status)",
      "  4  the customer configuration is invalid (the message names file and line)",
      "  5  a preflight check failed (the message says how to fix it); nothing was changed",
      "  6  reading or writing a file failed (missing, permissions, disk full)",
      " 10  the bundle is damaged or tampered with; nothing was changed",
      " 11  the bundle's signature is not trusted (unknown, expired or revoked key)",
      " 13  the Docker engine or docker compose is not available",
      " 14  loading the images into the engine failed; the running stack was not touched",
      " 15  restoring data failed; run the same deploy again to redo it",
      " 16  docker compose could not start the stack",
      " 17  the release's migrations failed",
      " 18  a service did not become healthy (the message names it)",
      " 19  the deployment was declined at the prompt",
      " 20  the backup share cannot be used (unreachable, credentials, missing, permissions, full)",
      " 21  the backup repository is damaged (ferry check names what; the message says what to do)",
      " 22  refused: another backup or prune is running, or retention on a write-once share",
      " 23  taking the backup failed (the database dump or a volume could not be read)",
      "130  interrupted; run the same command again to finish"};

  private ExitCodes() {}
}
