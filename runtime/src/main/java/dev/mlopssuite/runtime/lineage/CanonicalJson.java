package dev.mlopssuite.runtime.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mappers every lineage file is written with. The canonical form (sorted keys, ISO-8601
 * instants and durations, no whitespace) is what ids and hashes are computed over, so that the same
 * content always yields the same id.
 */
public final class CanonicalJson {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .build();
  private static final ObjectMapper PRETTY =
      CANONICAL.copy().enable(SerializationFeature.INDENT_OUTPUT);

  private CanonicalJson() {}

  public static ObjectMapper mapper() {
    return CANONICAL;
  }

  public static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + value, e);
    }
  }

  /** Human-readable form for files on disk; same key order as the canonical form. */
  public static String pretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + value, e);
    }
  }

  public static String sha256(Object value) {
    return Sha256.of(canonical(value));
  }
}
