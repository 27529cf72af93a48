package io.ferry.installer.stack;

/**
 * A port the stack publishes on the host (descriptor key {@code ports.<name>}): the compose variable
 * that holds it, its default, and the service that publishes it (null when not given).
 */
public record PortSpec(String name, String variable, int defaultPort, String service) {}
