package io.ferry.installer.data;

import java.util.List;

/**
 * A restore found data where it would write, and was not told to overwrite it. Nothing was
 * changed. The message names each volume and the database that hold data.
 */
public final class NotEmptyException extends RestoreException {
  private final List<String> holdingData;

  public NotEmptyException(List<String> holdingData) {
    super("Ferry restores only into an empty stack, and this one holds data: " + String.join("; ", holdingData)
        + ". Nothing was changed. To replace that data with the data being restored, restore again with"
        + " overwrite, which deletes the data on this host first");
    this.holdingData = List.copyOf(holdingData);
  }

  /** One description per volume or database that holds data. */
  public List<String> holdingData() {
    return holdingData;
  }
}
