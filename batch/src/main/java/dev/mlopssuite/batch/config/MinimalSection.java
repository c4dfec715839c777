package dev.mlopssuite.batch.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlopssuite.runtime.ConfigValueException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The smallest YAML section a configuration record accepts, found by asking the loader: bind an
 * empty section, and each time a constructor names a missing key, fill that key with a placeholder
 * and try again. What the record then holds for every other key is its default.
 *
 * <p>Found rather than declared so that a key added to a record, or a default changed in its
 * constructor, reaches docs/configuration.md without anyone editing a second list.
 *
 * @param instance the record the loader built from {@code node}
 * @param node the section: only the required keys, each with a placeholder
 * @param required component names the record refuses to be built without
 */
record MinimalSection(Object instance, ObjectNode node, Set<String> required) {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Map<Class<?>, MinimalSection> FOUND = new ConcurrentHashMap<>();

  static MinimalSection of(Class<?> recordType) {
    MinimalSection known = FOUND.get(recordType);
    if (known == null) {
      // Not computeIfAbsent: finding a section recurses into its nested sections.
      known = find(recordType);
      FOUND.put(recordType, known);
    }
    return known;
  }

  private static MinimalSection find(Class<?> recordType) {
    RecordComponent[] components = recordType.getRecordComponents();
    ObjectNode node = JSON.objectNode();
    Set<String> required = new LinkedHashSet<>();
    // Each pass fills one more key, so a record cannot need more passes than it has keys.
    for (int pass = 0; pass <= components.length; pass++) {
      try {
        return new MinimalSection(
            MlopsConfigLoader.bindSection(node, recordType), node, Set.copyOf(required));
      } catch (JsonProcessingException e) {
        ConfigValueException refused = refusal(e);
        RecordComponent missing =
            refused == null
                ? null
                : Arrays.stream(components)
                    .filter(c -> c.getName().equals(refused.field()))
                    .findFirst()
                    .orElse(null);
        if (missing == null || !required.add(missing.getName())) {
          throw new IllegalStateException(
              "ConfigReference cannot build a minimal '"
                  + recordType.getSimpleName()
                  + "' section ("
                  + e.getOriginalMessage()
                  + "): give MinimalSection.placeholder a value its constructor accepts",
              e);
        }
        node.set(
            YamlTypes.yamlName(missing), placeholder(missing.getName(), missing.getGenericType()));
      }
    }
    throw new IllegalStateException(
        "ConfigReference gave up on '" + recordType.getSimpleName() + "': keys keep failing");
  }

  private static ConfigValueException refusal(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigValueException bad) {
        return bad;
      }
    }
    return null;
  }

  /**
   * A value for a required key that its record accepts. Strings take the key's own name in lower
   * case: a valid column and model name, and distinct between keys that must differ (the entity and
   * the time column).
   */
  private static JsonNode placeholder(String name, Type type) {
    Class<?> raw = YamlTypes.rawType(type);
    if (raw == String.class) {
      return JSON.textNode(name.toLowerCase(java.util.Locale.ROOT));
    }
    if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class) {
      return JSON.numberNode(1);
    }
    if (raw == Double.class || raw == double.class) {
      return JSON.numberNode(0.5);
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return JSON.booleanNode(false);
    }
    if (raw == Duration.class) {
      return JSON.textNode("PT1H");
    }
    if (raw == Instant.class) {
      return JSON.textNode("2026-01-01T00:00:00Z");
    }
    if (raw.isEnum()) {
      return JSON.textNode(YamlTypes.enumNames(raw).get(0));
    }
    if (raw.isRecord()) {
      return of(raw).node();
    }
    if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType list) {
      return JSON.arrayNode().add(placeholder(name, list.getActualTypeArguments()[0]));
    }
    if (Map.class.isAssignableFrom(raw)) {
      return JSON.objectNode();
    }
    throw new IllegalStateException(
        "ConfigReference has no placeholder for required key '"
            + name
            + "' of type "
            + type.getTypeName()
            + ": add one to MinimalSection.placeholder");
  }
}
