package io.ferry.installer.deploy;

import java.time.Duration;

/** What a deployment did: nothing (already converged) or the whole plan, and where the stack answers. */
public record DeployResult(DeployPlan plan, boolean changed, String url, Duration took) {}
