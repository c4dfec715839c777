package dev.mlopssuite.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 8785's own examples, and a record written through the runtime's mapper. */
class JcsTest {
  @Test
  void numbersAreWrittenTheEcmaScriptWay() {
    // RFC 8785 section 3.2.2.3 and Appendix B
    assertEquals(
        "[0,0,1e+21,1e-7,1e+30,4.5,0.002,1e-27,333333333.3333333]",
        Jcs.canonicalize(
            "[0, -0, 1e21, 1e-7, 1E30, 4.50, 2e-3, 0.000000000000000000000000001,"
                + " 333333333.33333329]"));
    assertEquals(
        "[9007199254740992,295147905179352830000]",
        Jcs.canonicalize("[9007199254740992, 295147905179352825856]"));
  }

  @Test
  void theRfcSection324ExampleCanonicalizes() {
    String input =
        "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n}";
    String expected =
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertEquals(expected, Jcs.canonicalize(input));
  }

  @Test
  void keysAreSortedByUtf16CodeUnits() {
    // RFC 8785 section 3.2.3: the emoji (surrogate pair D83D DE00) sorts before U+FB33
    String input =
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet"
            + " With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\","
            + "\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    String expected =
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
            + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
            + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With"
            + " Dagesh\"}";
    assertEquals(expected, Jcs.canonicalize(input));
  }

  @Test
  void aRecordIsWrittenInSnakeCaseWithIsoInstants() {
    Approval approval =
        new Approval("ml-owner", "olivia", Instant.parse("2026-11-26T11:00:00Z"), "ab");
    assertEquals(
        "{\"approved_at\":\"2026-11-26T11:00:00Z\",\"manifest_sha256\":\"ab\",\"role\":\"ml-owner\","
            + "\"user\":\"olivia\"}",
        Jcs.of(approval));
  }
}
