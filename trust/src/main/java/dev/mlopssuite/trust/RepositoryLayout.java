package dev.mlopssuite.trust;

import java.util.regex.Pattern;

/**
 * Where things live in a model repository's work tree (docs/model-repository.md, "Layout"). Model
 * and version names are single path segments of a safe alphabet, so that no name can lead a path
 * out of its folder ({@code ..}, {@code /}, a leading dot).
 */
public final class RepositoryLayout {
  public static final String CHAMPION = "CHAMPION";
  public static final String POLICY = ".mlops/policy.yaml";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private RepositoryLayout() {}

  /** Whether a model or version name is one safe path segment. */
  public static boolean isSafeName(String name) {
    return name != null && NAME.matcher(name).matches() && !name.contains("..");
  }

  /** The name itself, or an error that says why it cannot be a folder name. */
  public static String requireSafeName(String what, String name) throws TrustException {
    if (!isSafeName(name)) {
      throw new TrustException(
          "the "
              + what
              + " name '"
              + name
              + "' is not one safe path segment (letters, digits, '.', '_', '-', no '..', not"
              + " starting with '.'): rename it",
          name);
    }
    return name;
  }

  public static String modelPath(String model) {
    return "models/" + model;
  }

  public static String championPath(String model) {
    return modelPath(model) + "/" + CHAMPION;
  }

  public static String versionPath(String model, String version) {
    return modelPath(model) + "/versions/" + version;
  }

  public static String rollbacksPath(String model) {
    return modelPath(model) + "/rollbacks";
  }
}
