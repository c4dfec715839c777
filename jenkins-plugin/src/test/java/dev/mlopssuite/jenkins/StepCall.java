package dev.mlopssuite.jenkins;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One recorded call of a stubbed Jenkins step (or of a library step): its arguments, the steps
 * whose bodies it ran inside (outermost first), the environment it saw and its directory.
 */
public final class StepCall {
  public final int index;
  public final String name;
  public final List<Object> args;
  public final List<StepCall> enclosing;
  public final Map<String, Object> env;
  public final String cwd;

  StepCall(
      int index,
      String name,
      List<Object> args,
      List<StepCall> enclosing,
      Map<String, Object> env,
      String cwd) {
    this.index = index;
    this.name = name;
    this.args = Collections.unmodifiableList(args);
    this.enclosing = Collections.unmodifiableList(enclosing);
    this.env = Collections.unmodifiableMap(env);
    this.cwd = cwd;
  }

  /** The named parameters: the first argument when it is a map, else empty. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> named() {
    return !args.isEmpty() && args.get(0) instanceof Map
        ? (Map<String, Object>) args.get(0)
        : Map.of();
  }

  public Object arg(String name) {
    return named().get(name);
  }

  /** sh's script: the single string argument or the script parameter. */
  public String script() {
    if (!args.isEmpty() && args.get(0) instanceof CharSequence) {
      return args.get(0).toString();
    }
    Object script = named().get("script");
    return script == null ? "" : script.toString();
  }

  public boolean inside(String step) {
    return enclosing.stream().anyMatch(c -> c.name.equals(step));
  }

  public StepCall innermost(String step) {
    for (int i = enclosing.size() - 1; i >= 0; i--) {
      if (enclosing.get(i).name.equals(step)) {
        return enclosing.get(i);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "#" + index + " " + name + args + " in " + enclosing.stream().map(c -> c.name).toList();
  }
}
