package io.ferry.installer.tls;

/**
 * One finding about the TLS files.
 *
 * @param file which file it is about: "certificate" or "key"
 * @param blocking true when the stack must not be deployed with these files
 * @param finding what is wrong, one line
 * @param fix what to do
 */
public record TlsProblem(String file, boolean blocking, String finding, String fix) {
  static TlsProblem certificate(String finding, String fix) {
    return new TlsProblem("certificate", true, finding, fix);
  }

  static TlsProblem key(String finding, String fix) {
    return new TlsProblem("key", true, finding, fix);
  }

  static TlsProblem warning(String finding, String fix) {
    return new TlsProblem("certificate", false, finding, fix);
  }
}
