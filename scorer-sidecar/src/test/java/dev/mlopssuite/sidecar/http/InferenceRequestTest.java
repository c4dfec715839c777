package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The infer body reader on its own: a tensor's keys are matched fastest in the order clients write
 * them (name, datatype, shape, data), and must mean the same in any other order.
 */
class InferenceRequestTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final List<String> FEATURES = List.of("a", "b", "c");
  // The model's column of each feature: the rows come back in the model's order.
  private static final int[] COLUMN = {2, 0, 1};

  private static InferenceRequest read(String body) throws RejectedRequestException {
    return InferenceRequest.read(JSON, body.getBytes(StandardCharsets.UTF_8), FEATURES, COLUMN);
  }

  private static String tensor(List<String> fields) {
    return "{" + String.join(",", fields) + "}";
  }

  @Test
  void aTensorsKeysMeanTheSameInAnyOrderWithOrWithoutKeysItIgnores() throws Exception {
    // Row i holds b, c, a (COLUMN): the model's order, not the metadata's.
    double[][] expected = {{-2.0, 3.5, 1.25}, {-20.0, 30.5, 10.25}};
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      List<String> tensors = new ArrayList<>();
      String[][] data = {{"1.25", "10.25"}, {"-2.0", "-20.0"}, {"3.5", "30.5"}};
      for (int f = 0; f < FEATURES.size(); f++) {
        List<String> fields = new ArrayList<>();
        fields.add("\"name\":\"" + FEATURES.get(f) + "\"");
        fields.add("\"datatype\":\"FP64\"");
        fields.add(random.nextBoolean() ? "\"shape\":[2]" : "\"shape\":[2,1]");
        fields.add("\"data\":[" + String.join(",", data[f]) + "]");
        if (random.nextBoolean()) {
          fields.add("\"parameters\":{\"name\":\"not this\",\"data\":[9]}");
        }
        if (trial > 0) {
          Collections.shuffle(fields, random);
        }
        tensors.add(tensor(fields));
      }
      Collections.shuffle(tensors, random);
      InferenceRequest read = read("{\"id\":\"r\",\"inputs\":[" + String.join(",", tensors) + "]}");
      String order = String.join(",", tensors);
      assertEquals(2, read.rows().length, order);
      for (int i = 0; i < 2; i++) {
        assertArrayEquals(expected[i], read.rows()[i], order);
      }
      assertEquals("r", read.id());
    }
  }

  @Test
  void aKeyGivenTwiceIsRefusedWhereverItStands() {
    for (String twice :
        List.of(
            "\"name\":\"a\",\"name\":\"a\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[1]",
            "\"datatype\":\"FP64\",\"name\":\"a\",\"shape\":[1],\"data\":[1],\"name\":\"a\"",
            "\"name\":\"a\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[1],\"data\":[1]")) {
      RejectedRequestException refused =
          assertThrows(
              RejectedRequestException.class, () -> read("{\"inputs\":[{" + twice + "}]}"));
      assertTrue(refused.getMessage().contains("duplicate field"), refused.getMessage());
    }
  }

  @Test
  void aShapeThatIsNotOneOrTwoDimensionsOfRowsIsNamedInTheRefusal() {
    String[][] cases = {
      {"[]", "has shape []"},
      {"[2,3]", "has shape [2,3]"},
      {"[1,1,1]", "has shape [1,1,1]"},
      {"[0]", "has shape [0]"},
      {"[-4,1]", "has shape [-4,1]"},
      {"[1,\"x\"]", "has shape [1,\"x\"]"},
      {"\"[1]\"", "has shape a string"},
      {null, "has shape absent"}
    };
    for (String[] c : cases) {
      String shape = c[0] == null ? "" : ",\"shape\":" + c[0];
      String body =
          "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP64\"" + shape + ",\"data\":[1]}]}";
      RejectedRequestException refused =
          assertThrows(RejectedRequestException.class, () -> read(body));
      assertEquals(400, refused.status());
      assertTrue(refused.getMessage().contains(c[1]), c[0] + ": " + refused.getMessage());
    }
  }

  @Test
  void malformedJsonIsDescribedWithoutTheParsersAdviceToItsProgrammer() {
    // Jackson adds "not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser".
    RejectedRequestException comment =
        assertThrows(RejectedRequestException.class, () -> read("{/* why */ \"inputs\": []}"));
    assertTrue(comment.getMessage().startsWith("malformed JSON: "), comment.getMessage());
    assertTrue(comment.getMessage().contains("comment"), comment.getMessage());
    assertFalse(comment.getMessage().contains("ALLOW_COMMENTS"), comment.getMessage());
    assertEquals(400, comment.status());

    // Jackson adds ": enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow".
    RejectedRequestException plus =
        assertThrows(
            RejectedRequestException.class,
            () -> read("{\"inputs\":[{\"name\":\"a\",\"data\":[+1]}]}"));
    assertTrue(plus.getMessage().contains("plus sign"), plus.getMessage());
    assertFalse(plus.getMessage().contains("JsonReadFeature"), plus.getMessage());
  }
}
