package io.ferry.installer.compose;

/**
 * What a one-shot compose command printed (stdout and stderr merged, compose's own progress lines
 * included) and how it ended.
 */
public record CommandResult(int exitCode, String output) {}
