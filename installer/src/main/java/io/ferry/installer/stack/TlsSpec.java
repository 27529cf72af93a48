package io.ferry.installer.stack;

/**
 * Where the customer's TLS certificate and key go (descriptor key {@code tls}): Ferry copies them
 * into {@code <project>/tls/} as {@code certificateFile} and {@code keyFile} and sets
 * {@code directoryVariable} (e.g. ACD_TLS_DIR) to that folder; the compose file mounts it.
 */
public record TlsSpec(String directoryVariable, String certificateFile, String keyFile) {}
