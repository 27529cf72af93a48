package io.ferry.tui.wizard;

import java.time.Duration;

/** A finished deployment: whether it changed anything, where the stack answers, how long it took. */
public record DeployOutcome(String stack, String release, boolean changed, String url, Duration took) {}
