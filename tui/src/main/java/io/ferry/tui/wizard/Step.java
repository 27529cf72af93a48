package io.ferry.tui.wizard;

import java.util.List;

/**
 * The wizard's screens, and the two orders they are shown in: installing or updating (the data source
 * after the configuration), and a disaster recovery (the share and the snapshot first, then the bundle
 * that matches the snapshot).
 */
public enum Step {
  WELCOME,
  BUNDLE,
  CONFIGURATION,
  DATA_SOURCE,
  SNAPSHOT,
  SUMMARY,
  PROGRESS,
  DONE;

  public static final List<Step> INSTALL = List.of(WELCOME, BUNDLE, CONFIGURATION, DATA_SOURCE, SUMMARY, PROGRESS, DONE);
  public static final List<Step> RECOVER =
      List.of(WELCOME, DATA_SOURCE, SNAPSHOT, BUNDLE, CONFIGURATION, SUMMARY, PROGRESS, DONE);
}
