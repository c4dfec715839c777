package dev.mlopssuite.batch.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How a configuration record's Java types and values read in mlops.yaml. */
final class YamlTypes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private YamlTypes() {}

  /** The key Jackson binds a component to: its {@code @JsonProperty} name, else its own. */
  static String yamlName(RecordComponent component) {
    JsonProperty renamed = component.getAnnotation(JsonProperty.class);
    if (renamed == null) {
      renamed = component.getAccessor().getAnnotation(JsonProperty.class);
    }
    return renamed == null || renamed.value().isEmpty() ? component.getName() : renamed.value();
  }

  static Class<?> rawType(Type type) {
    if (type instanceof Class<?> plain) {
      return plain;
    }
    if (type instanceof ParameterizedType generic) {
      return (Class<?>) generic.getRawType();
    }
    return Object.class;
  }

  /** The element type of a list, or the value type of a map. */
  static Type elementType(Type type) {
    if (type instanceof ParameterizedType generic) {
      Type[] arguments = generic.getActualTypeArguments();
      return arguments[arguments.length - 1];
    }
    return Object.class;
  }

  static boolean isList(Type type) {
    return Collection.class.isAssignableFrom(rawType(type));
  }

  static boolean isMap(Type type) {
    return Map.class.isAssignableFrom(rawType(type));
  }

  /** Enum constants as YAML spells them (through {@code @JsonValue} where there is one). */
  static List<String> enumNames(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants()).map(YamlTypes::scalar).toList();
  }

  static String typeName(Type type) {
    Class<?> raw = rawType(type);
    if (raw == String.class) {
      return "string";
    }
    if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class) {
      return "integer";
    }
    if (raw == Double.class || raw == Float.class || raw == double.class || raw == float.class) {
      return "number";
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return "boolean";
    }
    if (raw == Duration.class) {
      return "duration";
    }
    if (raw == Instant.class) {
      return "instant";
    }
    if (raw == Object.class) {
      return "any";
    }
    if (raw.isEnum()) {
      return String.join(" | ", enumNames(raw));
    }
    if (raw.isRecord()) {
      return "section";
    }
    if (isList(type)) {
      return "list of "
          + typeName(elementType(type))
          + (rawType(elementType(type)).isRecord() ? "s" : "");
    }
    if (isMap(type)) {
      return "map of name → " + typeName(elementType(type));
    }
    return raw.getSimpleName();
  }

  /** A value as one would write it in mlops.yaml. */
  static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Duration duration) {
      // Duration.toString() says PT168H; the examples and messages say P7D.
      return !duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0
          ? "P" + duration.toDays() + "D"
          : duration.toString();
    }
    if (value instanceof Collection<?> list) {
      return list.stream().map(YamlTypes::format).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .map(entry -> entry.getKey() + ": " + format(entry.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof Enum<?>) {
      return scalar(value);
    }
    return String.valueOf(value);
  }

  private static String scalar(Object value) {
    try {
      return JSON.writeValueAsString(value).replace("\"", "");
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
