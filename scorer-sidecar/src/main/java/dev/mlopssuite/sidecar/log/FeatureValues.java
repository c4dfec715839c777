package dev.mlopssuite.sidecar.log;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The feature values of one prediction as an immutable map over one row of doubles: no boxed value
 * or map entry is made until someone reads them, because a 1,000-row infer would otherwise build a
 * thousand hash maps only to write them to the prediction log (docs/scorer-sidecar.md, "Prediction
 * log and alerts"). Iteration is in key order, the order the log writes them in.
 */
public final class FeatureValues extends AbstractMap<String, Double> {
  private final Keys keys;
  private final double[] values;
  private final NumberText text; // the values as the client wrote them, or null
  private final int row; // this row's index in text

  private FeatureValues(Keys keys, double[] values, NumberText text, int row) {
    this.keys = keys;
    this.values = values;
    this.text = text;
    this.row = row;
  }

  /**
   * The values of one row. The array is taken, not copied: the caller must not change it later.
   *
   * @param values value {@code i} belongs to the key at position {@code i} of {@code keys}
   */
  public static FeatureValues of(Keys keys, double[] values) {
    if (values.length != keys.names.length) {
      throw new IllegalArgumentException(
          values.length + " values for " + keys.names.length + " feature names");
    }
    return new FeatureValues(keys, values, null, 0);
  }

  /**
   * As {@link #of(Keys, double[])}, with the text each value was read from: row {@code row} of
   * {@code text}, whose columns are the positions of {@code keys}. The log copies it rather than
   * formatting the value.
   */
  public static FeatureValues of(Keys keys, double[] values, NumberText text, int row) {
    FeatureValues plain = of(keys, values);
    return text == null ? plain : new FeatureValues(keys, values, text, row);
  }

  /** The names of a row's positions, sorted once so that each row's map costs nothing more. */
  public static final class Keys {
    private final String[] names;
    private final String[] sortedNames;
    private final SerializedString[] sortedEncodedNames; // for the log's JSON writer
    private final int[] sortedPosition; // sortedNames[k] is names[sortedPosition[k]]

    private Keys(String[] names) {
      this.names = names;
      Integer[] order = new Integer[names.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> names[a].compareTo(names[b]));
      this.sortedNames = new String[names.length];
      this.sortedPosition = new int[names.length];
      this.sortedEncodedNames = new SerializedString[names.length];
      for (int k = 0; k < order.length; k++) {
        sortedPosition[k] = order[k];
        sortedNames[k] = names[order[k]];
        // Only ASCII is pre-encoded: see PredictionRecordJson.
        sortedEncodedNames[k] =
            Ascii.is(sortedNames[k]) ? new SerializedString(sortedNames[k]) : null;
        if (k > 0 && sortedNames[k].equals(sortedNames[k - 1])) {
          throw new IllegalArgumentException("feature name " + sortedNames[k] + " appears twice");
        }
      }
    }

    /**
     * @param names the name of each row position; distinct and not null
     */
    public static Keys of(List<String> names) {
      return new Keys(names.toArray(String[]::new));
    }
  }

  /** Whether {@code other} has the same keys object, so the same names in the same order. */
  boolean sameKeys(FeatureValues other) {
    return keys == other.keys;
  }

  /** The {@code k}-th name in key order. */
  String sortedName(int k) {
    return keys.sortedNames[k];
  }

  /** The {@code k}-th name in key order, JSON-encoded, or null when it is not ASCII. */
  SerializedString sortedEncodedName(int k) {
    return keys.sortedEncodedNames[k];
  }

  /** Whether the values come with the text they were read from. */
  boolean hasText() {
    return text != null;
  }

  /** The text of the {@code k}-th value in key order: a slice of {@link #textChars}. */
  int sortedTextStart(int k) {
    return text.start(row, keys.sortedPosition[k]);
  }

  int sortedTextLength(int k) {
    return text.length(row, keys.sortedPosition[k]);
  }

  char[] textChars() {
    return text.chars();
  }

  /** The value of the {@code k}-th name in key order. */
  double sortedValue(int k) {
    return values[keys.sortedPosition[k]];
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Double get(Object key) {
    int k = indexOf(key);
    return k < 0 ? null : sortedValue(k);
  }

  private int indexOf(Object key) {
    return key instanceof String name ? Arrays.binarySearch(keys.sortedNames, name) : -1;
  }

  @Override
  public Set<Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return values.length;
      }

      @Override
      public Iterator<Entry<String, Double>> iterator() {
        return new Iterator<>() {
          private int k;

          @Override
          public boolean hasNext() {
            return k < values.length;
          }

          @Override
          public Entry<String, Double> next() {
            if (k >= values.length) {
              throw new NoSuchElementException();
            }
            Entry<String, Double> e = new SimpleImmutableEntry<>(sortedName(k), sortedValue(k));
            k++;
            return e;
          }
        };
      }
    };
  }
}
