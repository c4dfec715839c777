package dev.mlopssuite.batch.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlopssuite.runtime.ConfigValueException;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads {@code mlops.yaml} into {@link MlopsConfig}, applying {@code mlops.<key>} overrides (for
 * example {@code -Dmlops.backfill.asOf=2026-03-01T00:00:00Z}) before validation, so that an
 * override is checked exactly like the file. Every failure names the key, the value and the fix.
 */
public final class MlopsConfigLoader {
  public static final String OVERRIDE_PREFIX = "mlops.";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private MlopsConfigLoader() {}

  /**
   * @param file mlops.yaml
   * @param overrides keys with or without the {@code mlops.} prefix, dotted paths into the YAML
   */
  public static LoadedConfig load(Path file, Map<String, String> overrides)
      throws InvalidConfigException {
    JsonNode tree;
    try {
      tree = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          "(file)", file, "no such file: create it or point -Dmlops.config at your mlops.yaml");
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(
          "(file)",
          file,
          "not valid YAML at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidConfigException("(file)", file, "cannot be read: " + e.getMessage());
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = JsonNodeFactory.instance.objectNode();
    }
    if (!tree.isObject()) {
      throw new InvalidConfigException("(file)", file, "must be a YAML mapping of keys to values");
    }
    ObjectNode root = (ObjectNode) tree;
    new TreeMap<>(overrides).forEach((key, value) -> applyOverride(root, key, value));
    Path base = file.toAbsolutePath().getParent();
    return bind(root, base);
  }

  /** Binds already-parsed YAML text (tests, and configuration embedded in other artifacts). */
  public static LoadedConfig parse(String yaml, Path baseDirectory) throws InvalidConfigException {
    try {
      JsonNode tree = YAML.readTree(yaml);
      return bind(tree, baseDirectory.toAbsolutePath());
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException("(text)", "", "not valid YAML: " + e.getOriginalMessage());
    }
  }

  /**
   * Reads any validated configuration record from a YAML file (the gate policy, a manifest's
   * recorded configuration) with the same key-naming errors as mlops.yaml.
   */
  public static <T> T readYaml(Path file, Class<T> type) throws InvalidConfigException {
    try {
      T value = YAML.readValue(Files.readString(file), type);
      if (value == null) {
        throw new InvalidConfigException("(file)", file, "is empty");
      }
      return value;
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          "(file)", file, "no such file: create it or point the configuration at it");
    } catch (JsonProcessingException e) {
      InvalidConfigException translated = translate(e);
      throw new InvalidConfigException(
          file.toString(), translated.key(), translated.value(), translated.fix());
    } catch (IOException e) {
      throw new InvalidConfigException("(file)", file, "cannot be read: " + e.getMessage());
    }
  }

  /** The configuration written back as YAML, every default filled in. */
  public static String toYaml(MlopsConfig config) {
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a validated configuration always serializes", e);
    }
  }

  /**
   * Binds one section with the same mapper as mlops.yaml, so that {@link ConfigReference} reads
   * defaults from what loading actually produces rather than from hand-written strings.
   */
  static <T> T bindSection(JsonNode tree, Class<T> type) throws JsonProcessingException {
    return YAML.treeToValue(tree, type);
  }

  private static LoadedConfig bind(JsonNode tree, Path base) throws InvalidConfigException {
    try {
      MlopsConfig config = YAML.treeToValue(tree, MlopsConfig.class);
      if (config == null) {
        throw new InvalidConfigException(
            "(file)", "", "is empty: see examples/pacemaker/mlops.yaml for a complete file");
      }
      return new LoadedConfig(config, base, toYaml(config), CanonicalJson.sha256(config));
    } catch (JsonProcessingException e) {
      throw translate(e);
    }
  }

  private static void applyOverride(ObjectNode root, String rawKey, String value) {
    String key =
        rawKey.startsWith(OVERRIDE_PREFIX) ? rawKey.substring(OVERRIDE_PREFIX.length()) : rawKey;
    String[] parts = key.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    // A textual value: Jackson coerces it to the field's type and reports a mismatch by key.
    node.put(parts[parts.length - 1], value);
  }

  private static InvalidConfigException translate(JsonProcessingException e) {
    String key = path(e);
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new InvalidConfigException(
          key,
          unknown.getPropertyName(),
          "unknown key; " + suggestion(unknown.getPropertyName(), unknown.getKnownPropertyIds()));
    }
    if (e instanceof ValueInstantiationException
        && e.getCause() instanceof ConfigValueException bad) {
      String full = key.isEmpty() ? bad.field() : key + "." + bad.field();
      return new InvalidConfigException(full, bad.value(), bad.fix());
    }
    if (e instanceof InvalidFormatException format) {
      return new InvalidConfigException(
          key, format.getValue(), "expected " + describe(format.getTargetType()));
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return new InvalidConfigException(
          key, "(wrong shape)", "expected " + describe(mismatch.getTargetType()));
    }
    if (e.getCause() instanceof ConfigValueException bad) {
      return new InvalidConfigException(key + "." + bad.field(), bad.value(), bad.fix());
    }
    return new InvalidConfigException(key.isEmpty() ? "(file)" : key, "", e.getOriginalMessage());
  }

  private static String path(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : mapping.getPath()) {
      if (ref.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String describe(Class<?> type) {
    if (type == java.time.Duration.class) {
      return "an ISO-8601 duration such as P7D or PT36H";
    }
    if (type == java.time.Instant.class) {
      return "an ISO-8601 UTC instant such as 2026-03-01T00:00:00Z";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase();
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isRecord()) {
      return "a mapping of keys (section '" + type.getSimpleName() + "')";
    }
    return "a " + type.getSimpleName();
  }

  private static String suggestion(String unknown, Collection<Object> known) {
    String closest =
        known.stream()
            .map(String::valueOf)
            .min(
                Comparator.comparingInt(
                    candidate -> editDistance(candidate.toLowerCase(), unknown.toLowerCase())))
            .orElse(null);
    String all = known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    if (closest != null && editDistance(closest.toLowerCase(), unknown.toLowerCase()) <= 3) {
      return "did you mean '" + closest + "'? Known keys here: " + all;
    }
    return "remove it or use one of: " + all;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] current = new int[b.length() + 1];
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      previous = current;
    }
    return previous[b.length()];
  }
}
