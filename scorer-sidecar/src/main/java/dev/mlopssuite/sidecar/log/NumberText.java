package dev.mlopssuite.sidecar.log;

/**
 * The numbers of a batch as the client wrote them, by row and column, so that the prediction log
 * copies a feature value's text instead of formatting its double again (docs/scorer-sidecar.md,
 * "Prediction log format"). Formatting was most of the log's cost: eleven doubles a prediction at
 * about 110 ns each. Each text is the JSON number the request's parser read as exactly the value
 * the model used, so it reads back as the same double, as the shortest decimal would.
 *
 * <p>Built once by the request reader and only read afterwards; the arrays are taken, not copied.
 */
public final class NumberText {
  private final int columns;
  private final char[] chars;
  private final int[] start;
  private final int[] length;

  /**
   * @param columns the values per row
   * @param chars the texts, one after another
   * @param start for slot {@code row * columns + column}, where its text starts in {@code chars}
   * @param length for each slot, its text's length
   */
  public NumberText(int columns, char[] chars, int[] start, int[] length) {
    if (columns < 1 || start.length != length.length || start.length % columns != 0) {
      throw new IllegalArgumentException(
          start.length + " starts and " + length.length + " lengths for rows of " + columns);
    }
    this.columns = columns;
    this.chars = chars;
    this.start = start;
    this.length = length;
  }

  char[] chars() {
    return chars;
  }

  int start(int row, int column) {
    return start[row * columns + column];
  }

  int length(int row, int column) {
    return length[row * columns + column];
  }
}
