package io.ferry.installer.preflight;

/** The verdict of one preflight check. Only {@link #FAIL} stops a deployment. */
public enum CheckStatus {
  /** The host is fine in this respect. */
  PASS,
  /** Worth knowing or fixing, but the deployment can go on. */
  WARN,
  /** The deployment would fail or harm the host: it does not start until this is fixed. */
  FAIL
}
