package io.ferry.bundler.cli;

import picocli.CommandLine;

/** Reports the version Maven stamped into the jar manifest (or "dev" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = BundlerMain.class.getPackage().getImplementationVersion();
    return new String[] {"ferry-bundler " + (v == null ? "dev" : v)};
  }
}
