package io.ferry.tui.wizard;

import io.ferry.installer.backup.VerifyResult;
import io.ferry.installer.config.CustomerConfig;

/**
 * A snapshot checked for a disaster recovery: whether every chunk reads back, and the configuration
 * the backup kept (null when it kept none, or when it cannot be used: {@code keptProblem} says why).
 */
public record SnapshotCheck(VerifyResult result, CustomerConfig kept, String keptProblem) {}
