package dev.mlopssuite.batch.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every mlops.yaml key with its type, default and meaning, generated from the configuration records
 * so that the reference cannot drift from the code (docs/configuration.md is this text).
 *
 * <p>Keys and types come from walking {@link MlopsConfig}'s record components (nested sections,
 * lists and maps of sections); defaults from what the loader builds for a section that holds only
 * its required keys ({@link MinimalSection}); meanings from the one resource file {@value
 * #MEANINGS}, one sentence per key path.
 *
 * @param keys every key, in declaration order
 * @param undocumented keys that have no line in the meanings file
 * @param unknownMeanings lines of the meanings file that name no key
 */
public record ConfigReference(
    List<ConfigKey> keys, Set<String> undocumented, Set<String> unknownMeanings) {

  /** Beside this class on the class path: batch/src/main/resources/dev/mlopssuite/batch/config. */
  public static final String MEANINGS = "config-keys.properties";

  static final String REQUIRED = "required";

  public ConfigReference {
    keys = List.copyOf(keys);
    undocumented = Set.copyOf(undocumented);
    unknownMeanings = Set.copyOf(unknownMeanings);
  }

  public static ConfigReference generate() {
    return of(MlopsConfig.class, meanings());
  }

  /** The reference of any configuration record; tests use it on records of their own. */
  static ConfigReference of(Class<? extends Record> rootType, Properties meanings) {
    List<ConfigKey> keys = new ArrayList<>();
    MinimalSection root = MinimalSection.of(rootType);
    walk("", rootType, root.instance(), root.required(), meanings, keys);
    Set<String> undocumented = new TreeSet<>();
    Set<String> paths = new LinkedHashSet<>();
    for (ConfigKey key : keys) {
      paths.add(key.path());
      if (key.meaning().isEmpty()) {
        undocumented.add(key.path());
      }
    }
    Set<String> unknown = new TreeSet<>(meanings.stringPropertyNames());
    unknown.removeAll(paths);
    return new ConfigReference(keys, undocumented, unknown);
  }

  /** The keys at or below {@code prefix} ({@code training}, {@code features.definitions}). */
  public List<ConfigKey> under(String prefix) {
    if (prefix == null || prefix.isBlank()) {
      return keys;
    }
    String key = prefix.strip();
    String bare =
        key.startsWith(MlopsConfigLoader.OVERRIDE_PREFIX)
            ? key.substring(MlopsConfigLoader.OVERRIDE_PREFIX.length())
            : key;
    return keys.stream().filter(k -> k.isUnder(bare)).toList();
  }

  /** The top-level keys, for a message that must say which keys exist. */
  public List<String> topLevelKeys() {
    return keys.stream().map(ConfigKey::path).filter(p -> !p.contains(".")).toList();
  }

  private static void walk(
      String prefix,
      Class<?> recordType,
      Object instance,
      Set<String> required,
      Properties meanings,
      List<ConfigKey> out) {
    for (RecordComponent component : recordType.getRecordComponents()) {
      if (component.isAnnotationPresent(JsonIgnore.class)) {
        continue;
      }
      String path = prefix + YamlTypes.yamlName(component);
      Type type = component.getGenericType();
      boolean isRequired = required.contains(component.getName());
      Object value = instance == null ? null : read(component, instance);
      String shown = isRequired ? REQUIRED : YamlTypes.format(value);
      Class<?> raw = YamlTypes.rawType(type);
      if (raw.isRecord()) {
        out.add(row(path, type, value == null || isRequired ? shown : "", meanings));
        // A section the loader left unset (features) shows the defaults it gets when present; a
        // required one was built from placeholders, so its own required keys are marked.
        MinimalSection section = MinimalSection.of(raw);
        boolean fromPlaceholder = value == null || isRequired;
        walk(
            path + ".",
            raw,
            value == null ? section.instance() : value,
            fromPlaceholder ? section.required() : Set.of(),
            meanings,
            out);
        continue;
      }
      out.add(row(path, type, shown, meanings));
      Class<?> element = YamlTypes.rawType(YamlTypes.elementType(type));
      if (element.isRecord() && (YamlTypes.isList(type) || YamlTypes.isMap(type))) {
        MinimalSection section = MinimalSection.of(element);
        String below = path + (YamlTypes.isList(type) ? "[]." : ".<name>.");
        walk(below, element, section.instance(), section.required(), meanings, out);
      }
    }
  }

  private static ConfigKey row(String path, Type type, String shown, Properties meanings) {
    return new ConfigKey(
        path, YamlTypes.typeName(type), shown, meanings.getProperty(path, "").strip());
  }

  private static Object read(RecordComponent component, Object instance) {
    try {
      return component.getAccessor().invoke(instance);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component + " of " + instance, e);
    }
  }

  private static Properties meanings() {
    Properties meanings = new Properties();
    try (InputStream in = ConfigReference.class.getResourceAsStream(MEANINGS)) {
      if (in == null) {
        throw new IllegalStateException(MEANINGS + " is missing from the class path");
      }
      meanings.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return meanings;
  }
}
