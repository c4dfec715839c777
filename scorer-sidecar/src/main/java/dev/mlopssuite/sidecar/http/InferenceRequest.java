package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.sidecar.http.JsonText.quote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.mlopssuite.sidecar.log.NumberText;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An Open Inference Protocol v2 infer request, read in one streaming pass (no JSON tree: a
 * 1,000-row batch would otherwise be ten thousand nodes) and validated strictly
 * (docs/scorer-sidecar.md, "Endpoints and metrics"): one FP64 tensor per feature, named as in the
 * model metadata, shape [n] or [n, 1], data a flat array of n finite numbers; every feature exactly
 * once and nothing else.
 *
 * @param id the request's id, or null
 * @param entity {@code parameters.entity}, or null
 * @param rows [row][model column]
 * @param text the text each value of {@code rows} was read from, same rows and columns
 * @param probability whether the probability output is wanted
 * @param riskFlag whether the risk_flag output is wanted
 */
record InferenceRequest(
    String id,
    String entity,
    double[][] rows,
    NumberText text,
    boolean probability,
    boolean riskFlag) {

  static final String FP64 = "FP64";
  // A shape is only a claim until the values are counted: past this the arrays grow as read.
  private static final int INITIAL_ROWS_BOUND = 1024;
  private static final List<String> DATATYPES = List.of(FP64);
  // A tensor's keys in the order OIP clients write them (see nextTensorKey).
  private static final String[] TENSOR_KEY_NAMES = {"name", "datatype", "shape", "data"};
  private static final SerializedString[] TENSOR_KEYS =
      Arrays.stream(TENSOR_KEY_NAMES).map(SerializedString::new).toArray(SerializedString[]::new);
  // A tensor's dimension count when it has no shape, or a shape that is not an array.
  private static final int ABSENT = -2;
  private static final int NOT_AN_ARRAY = -1;
  static final String PROBABILITY = "probability";
  static final String RISK_FLAG = "risk_flag";

  /**
   * @param features the feature names in metadata order, each once (as feature sets are)
   * @param column for each feature (metadata order), its column in the model's rows
   */
  static InferenceRequest read(JsonFactory json, byte[] body, List<String> features, int[] column)
      throws RejectedRequestException {
    try (JsonParser p = json.createParser(body)) {
      return new Reader(p, features, column).read();
    } catch (JsonProcessingException e) {
      throw RejectedRequestException.malformedJson(e);
    } catch (IOException e) {
      throw RejectedRequestException.badRequest("unreadable JSON: " + e.getMessage());
    }
  }

  private static final class Reader {
    private final JsonParser p;
    private final List<String> features;
    private final int[] column;
    private final double[][] data; // [feature (metadata order)][row]
    private final int[][] textStart; // [feature][row]: where the value's text starts in chars
    private final int[][] textLength;
    private char[] chars = new char[256];
    private int charCount;
    private final int[] shapeRows;
    private String id;
    private String entity;
    private boolean inputsSeen;
    private boolean probability;
    private boolean riskFlag;
    private boolean outputsGiven;
    private final SeenKeys otherTensorKeys = new SeenKeys();

    Reader(JsonParser p, List<String> features, int[] column) {
      this.p = p;
      this.features = features;
      this.column = column;
      this.data = new double[features.size()][];
      this.textStart = new int[features.size()][];
      this.textLength = new int[features.size()][];
      this.shapeRows = new int[features.size()];
    }

    InferenceRequest read() throws IOException, RejectedRequestException {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw RejectedRequestException.badRequest("the request body is empty; send a JSON object");
      }
      if (first != JsonToken.START_OBJECT) {
        p.skipChildren();
        requireEnd();
        throw RejectedRequestException.badRequest(
            "the request body must be a JSON object, was " + describe(first));
      }
      SeenKeys seen = new SeenKeys();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = seen.add(p.currentName());
        JsonToken value = p.nextToken();
        switch (field) {
          case "id" -> id = text(value, "id");
          case "parameters" -> parameters(value);
          case "inputs" -> inputs(value);
          case "outputs" -> outputs(value);
          default -> p.skipChildren(); // OIP allows more fields; none changes the result
        }
      }
      requireEnd();
      if (!inputsSeen) {
        throw RejectedRequestException.badRequest(
            "inputs must be a non-empty array of tensors, one per feature: see the model metadata");
      }
      int n = -1;
      for (int f = 0; f < features.size(); f++) {
        if (data[f] == null) {
          throw RejectedRequestException.badRequest(
              "missing feature " + quote(features.get(f)) + "; send every input of the model");
        }
        n = shapeRows[f];
      }
      int columns = features.size();
      double[][] rows = new double[n][columns];
      int[] start = new int[n * columns];
      int[] length = new int[n * columns];
      for (int f = 0; f < columns; f++) {
        double[] values = data[f];
        int c = column[f];
        for (int i = 0; i < n; i++) {
          rows[i][c] = values[i];
          start[i * columns + c] = textStart[f][i];
          length[i * columns + c] = textLength[f][i];
        }
      }
      boolean all = !outputsGiven || (!probability && !riskFlag);
      return new InferenceRequest(
          id,
          entity,
          rows,
          new NumberText(columns, chars, start, length),
          all || probability,
          all || riskFlag);
    }

    private void requireEnd() throws IOException, RejectedRequestException {
      if (p.nextToken() != null) {
        throw RejectedRequestException.badRequest(
            "malformed JSON: data after the end of the request object");
      }
    }

    private void parameters(JsonToken value) throws IOException, RejectedRequestException {
      if (value == JsonToken.VALUE_NULL) {
        return;
      }
      if (value != JsonToken.START_OBJECT) {
        p.skipChildren();
        throw RejectedRequestException.badRequest(
            "parameters must be a JSON object, was " + describe(value));
      }
      SeenKeys seen = new SeenKeys();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = seen.add(p.currentName());
        JsonToken v = p.nextToken();
        if (field.equals("entity")) {
          entity = text(v, "entity");
        } else {
          p.skipChildren();
        }
      }
    }

    private void inputs(JsonToken value) throws IOException, RejectedRequestException {
      if (value != JsonToken.START_ARRAY) {
        throw RejectedRequestException.badRequest(
            "inputs must be a non-empty array of tensors, one per feature, was " + describe(value));
      }
      int expectedRows = -1;
      int position = 0;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.START_OBJECT) {
          throw RejectedRequestException.badRequest(
              "each input tensor must be a JSON object, was " + describe(t));
        }
        expectedRows = tensor(expectedRows, position++);
        inputsSeen = true;
      }
    }

    /**
     * Reads one tensor object; returns the batch's row count.
     *
     * @param position the tensor's place among the inputs: clients usually send the features in the
     *     metadata's order, so the feature at this place is the first one its name is compared with
     */
    private int tensor(int expectedRows, int position)
        throws IOException, RejectedRequestException {
      String name = null;
      String datatype = null;
      // The shape as read: its first two dimensions (one that is not a whole number ≥ 1 is kept
      // below 1), how many it has (ABSENT, or NOT_AN_ARRAY), and its text when that cannot be
      // rebuilt from them.
      int dims = ABSENT;
      long dim0 = -1;
      long dim1 = -1;
      String shapeText = null;
      double[] values = null;
      int[] starts = null;
      int[] lengths = null;
      int count = 0;
      String badValue = null;
      // The four keys of a tensor are told apart by identity (nextTensorKey returns them as the
      // constants), other keys by the general check.
      int tensorKeysSeen = 0;
      SeenKeys otherKeys = otherTensorKeys.cleared();
      int keyPosition = 0;
      String field;
      while ((field = nextTensorKey(keyPosition++)) != null) {
        int bit = tensorKeyBit(field);
        if (bit == 0) {
          otherKeys.add(field);
        } else if ((tensorKeysSeen & bit) != 0) {
          throw SeenKeys.duplicate(field);
        } else {
          tensorKeysSeen |= bit;
        }
        JsonToken v = p.nextToken();
        switch (field) {
          // A feature's name and FP64 are matched in the parser's buffer: the strings already
          // held are used, rather than a new one per tensor.
          case "name" -> name = knownFeature(v, position);
          case "datatype" -> datatype = known(v, DATATYPES, "datatype");
          case "shape" -> {
            if (v != JsonToken.START_ARRAY) {
              p.skipChildren();
              shapeText = describe(v);
              dims = NOT_AN_ARRAY;
              break;
            }
            dims = 0;
            // The text is kept for the error message only, which most requests never need.
            StringBuilder text = null;
            JsonToken d;
            while ((d = p.nextToken()) != JsonToken.END_ARRAY) {
              long dim = d == JsonToken.VALUE_NUMBER_INT ? p.getValueAsLong(-1) : -1;
              p.skipChildren();
              if ((dims >= 2 || dim < 1) && text == null) {
                text = new StringBuilder("[");
                for (int k = 0; k < Math.min(dims, 2); k++) {
                  text.append(k == 0 ? "" : ",").append(k == 0 ? dim0 : dim1);
                }
              }
              if (dims == 0) {
                dim0 = Math.max(dim, -1);
              } else if (dims == 1) {
                dim1 = Math.max(dim, -1);
              }
              if (text != null) {
                text.append(dims == 0 ? "" : ",")
                    .append(
                        switch (d) {
                          case VALUE_STRING -> quote(p.getText());
                          case START_OBJECT, START_ARRAY -> describe(d);
                          default -> p.getText();
                        });
              }
              dims++;
            }
            shapeText = text == null ? null : text.append(']').toString();
          }
          case "data" -> {
            if (v != JsonToken.START_ARRAY) {
              p.skipChildren();
              badValue = "data must be a flat array of numbers, was " + describe(v);
              break;
            }
            values = new double[initialRows(expectedRows, dims >= 1 ? dim0 : -1)];
            starts = new int[values.length];
            lengths = new int[values.length];
            JsonToken d;
            while ((d = p.nextToken()) != JsonToken.END_ARRAY) {
              if (d != JsonToken.VALUE_NUMBER_INT && d != JsonToken.VALUE_NUMBER_FLOAT) {
                p.skipChildren();
                if (badValue == null) {
                  badValue = "row " + count + " must be a number, was " + describe(d);
                }
                count++;
                continue;
              }
              if (count >= values.length) {
                // >=: refused values count rows without taking room, so count may have passed it
                int room = Math.max(count + 1, values.length * 2);
                values = Arrays.copyOf(values, room);
                starts = Arrays.copyOf(starts, room);
                lengths = Arrays.copyOf(lengths, room);
              }
              // The token's text, kept for the log: read before the value, from the same buffer.
              starts[count] = keepText(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
              lengths[count] = p.getTextLength();
              double x = p.getDoubleValue();
              if (!Double.isFinite(x) && badValue == null) {
                badValue =
                    "row "
                        + count
                        + " is "
                        + p.getText()
                        + ", not a finite FP64 number (NaN and ±Inf are refused)";
              }
              values[count++] = x;
            }
          }
          default -> p.skipChildren();
        }
      }
      if (name == null) {
        throw RejectedRequestException.badRequest("an input tensor needs the string field name");
      }
      int f =
          position < features.size() && features.get(position) == name
              ? position
              : features.indexOf(name);
      if (f < 0) {
        throw RejectedRequestException.badRequest(
            "unknown feature " + quote(name) + "; the model's inputs are " + features);
      }
      if (data[f] != null) {
        throw RejectedRequestException.badRequest("feature " + quote(name) + " is given twice");
      }
      if (datatype == null) {
        throw RejectedRequestException.badRequest("input " + name + " needs the field datatype");
      }
      if (!FP64.equals(datatype)) {
        throw RejectedRequestException.badRequest(
            "input " + name + " has datatype " + quote(datatype) + "; every input is FP64");
      }
      if (dims < 1
          || dims > 2
          || dim0 < 1
          || dim0 > Integer.MAX_VALUE
          || (dims == 2 && dim1 != 1)) {
        throw RejectedRequestException.badRequest(
            "input "
                + name
                + " has shape "
                + (dims == ABSENT
                    ? "absent"
                    : shapeText != null ? shapeText : shapeText(dims, dim0, dim1))
                + "; use [n] or [n, 1] with n ≥ 1 rows (one tensor per feature)");
      }
      int n = (int) dim0;
      if (expectedRows >= 0 && n != expectedRows) {
        throw RejectedRequestException.badRequest(
            "input "
                + name
                + " has shape ["
                + n
                + "] but an earlier input has ["
                + expectedRows
                + "]; every input has the same number of rows");
      }
      if (badValue != null) {
        throw RejectedRequestException.badRequest("input " + name + ": " + badValue);
      }
      if (values == null) {
        throw RejectedRequestException.badRequest(
            "input " + name + " needs data: a flat array of " + n + " numbers");
      }
      if (count != n) {
        throw RejectedRequestException.badRequest(
            "input "
                + name
                + " has "
                + count
                + " values but its shape says "
                + n
                + "; data is a flat array of n numbers");
      }
      data[f] = values;
      textStart[f] = starts;
      textLength[f] = lengths;
      shapeRows[f] = n;
      return n;
    }

    /**
     * The next key of a tensor object, or null at its end. The key clients write at this position
     * is compared in the parser's buffer first: a match skips the parser's symbol table, and nine
     * tensors of four keys are most of a single-row request's keys.
     */
    private String nextTensorKey(int position) throws IOException {
      if (position < TENSOR_KEYS.length) {
        if (p.nextFieldName(TENSOR_KEYS[position])) {
          return TENSOR_KEY_NAMES[position];
        }
      } else {
        p.nextToken();
      }
      if (p.currentToken() != JsonToken.FIELD_NAME) {
        return null;
      }
      String key = p.currentName();
      for (String tensorKey : TENSOR_KEY_NAMES) {
        if (tensorKey.equals(key)) {
          return tensorKey; // the constant, whatever order it came in
        }
      }
      return key;
    }

    /** The bit of one of the four tensor keys (as nextTensorKey returns them), else 0. */
    private static int tensorKeyBit(String key) {
      for (int k = 0; k < TENSOR_KEY_NAMES.length; k++) {
        if (key == TENSOR_KEY_NAMES[k]) {
          return 1 << k;
        }
      }
      return 0;
    }

    /**
     * A feature's name as the string {@link #features} holds, when the value is one: compared first
     * with the feature at the tensor's position, then with the others; else the value as {@link
     * #text}.
     */
    private String knownFeature(JsonToken value, int position)
        throws IOException, RejectedRequestException {
      if (value == JsonToken.VALUE_STRING && position < features.size()) {
        String expected = features.get(position);
        if (matches(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), expected)) {
          return expected;
        }
      }
      return known(value, features, "name");
    }

    /**
     * Room for a tensor's values: the rows of the tensors before it, else its own shape when it
     * came first (as OIP clients write it), within a bound a claimed shape cannot push, else a
     * guess.
     */
    private static int initialRows(int expectedRows, long shapeRows) {
      if (expectedRows > 0) {
        return expectedRows;
      }
      if (shapeRows >= 1) {
        return (int) Math.min(shapeRows, INITIAL_ROWS_BOUND);
      }
      return 16;
    }

    /** Appends a number's text to {@link #chars}; returns where it starts. */
    private int keepText(char[] text, int offset, int length) {
      if (charCount + length > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charCount + length));
      }
      System.arraycopy(text, offset, chars, charCount, length);
      int start = charCount;
      charCount += length;
      return start;
    }

    private void outputs(JsonToken value) throws IOException, RejectedRequestException {
      if (value == JsonToken.VALUE_NULL) {
        return;
      }
      if (value != JsonToken.START_ARRAY) {
        p.skipChildren();
        throw RejectedRequestException.badRequest(
            "outputs must be an array of {\"name\": ...}; the outputs are probability and"
                + " risk_flag");
      }
      outputsGiven = true;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.START_OBJECT) {
          throw RejectedRequestException.badRequest(
              "each requested output must be a JSON object, was " + describe(t));
        }
        String name = null;
        SeenKeys seen = new SeenKeys();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = seen.add(p.currentName());
          JsonToken v = p.nextToken();
          if (field.equals("name")) {
            name = text(v, "name");
          } else {
            p.skipChildren();
          }
        }
        if (PROBABILITY.equals(name)) {
          probability = true;
        } else if (RISK_FLAG.equals(name)) {
          riskFlag = true;
        } else {
          throw RejectedRequestException.badRequest(
              "unknown output " + quote(name) + "; the outputs are probability and risk_flag");
        }
      }
    }

    /** The value as one of {@code known} when it is one, else as {@link #text}. */
    private String known(JsonToken value, List<String> known, String field)
        throws IOException, RejectedRequestException {
      if (value == JsonToken.VALUE_STRING) {
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        for (String k : known) {
          if (matches(text, offset, length, k)) {
            return k;
          }
        }
      }
      return text(value, field);
    }

    private String text(JsonToken value, String field)
        throws IOException, RejectedRequestException {
      if (value == JsonToken.VALUE_NULL) {
        return null;
      }
      if (value != JsonToken.VALUE_STRING) {
        p.skipChildren();
        throw RejectedRequestException.badRequest(
            field + " must be a string, was " + describe(value));
      }
      return p.getText();
    }
  }

  /** Whether the parser's text {@code text[offset, offset + length)} is {@code s}. */
  private static boolean matches(char[] text, int offset, int length, String s) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (text[offset + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A shape of up to two dimensions, each a number ≥ 1, as the client wrote it. */
  private static String shapeText(int dims, long dim0, long dim1) {
    return switch (dims) {
      case 0 -> "[]";
      case 1 -> "[" + dim0 + "]";
      default -> "[" + dim0 + "," + dim1 + "]";
    };
  }

  /**
   * The keys of one JSON object so far; a key given twice makes the request ambiguous and is
   * refused. Done here rather than by Jackson's duplicate detection, which builds a hash set for
   * every object of more than two keys: nine per single-row request.
   */
  private static final class SeenKeys {
    private final String[] keys = new String[6];
    private int size;
    private Set<String> more;

    /** Empty again, for the next object. */
    SeenKeys cleared() {
      Arrays.fill(keys, 0, size, null);
      size = 0;
      more = null;
      return this;
    }

    String add(String key) throws RejectedRequestException {
      for (int i = 0; i < size; i++) {
        if (keys[i].equals(key)) {
          throw duplicate(key);
        }
      }
      if (size < keys.length) {
        keys[size++] = key;
      } else {
        if (more == null) {
          more = new HashSet<>();
        }
        if (!more.add(key)) {
          throw duplicate(key);
        }
      }
      return key;
    }

    static RejectedRequestException duplicate(String key) {
      return RejectedRequestException.badRequest(
          "malformed JSON: duplicate field " + quote(key) + " in one object");
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }
}
