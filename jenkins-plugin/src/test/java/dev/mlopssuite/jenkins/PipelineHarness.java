package dev.mlopssuite.jenkins;

import groovy.json.JsonSlurperClassic;
import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import hudson.AbortException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ImportCustomizer;

/**
 * Runs the shared library and the Jenkinsfiles on plain Groovy (the version Jenkins embeds) with
 * every Jenkins step replaced by a stub that records the call, the step bodies it ran inside and
 * the environment it saw, and returns what the test scripted. A step the harness does not know is a
 * MissingMethodException, as a missing plugin would be in Jenkins.
 *
 * <p>What it cannot show: the CPS transform (serialisation of locals, closures passed to Java
 * methods), the script-security sandbox's approvals, and the real permissions of an input step.
 */
public final class PipelineHarness {
  /** Where the Jenkins workspace is said to be (pwd()). */
  public static final String WORKSPACE = "/var/jenkins/workspace/mlops";

  /** What withCredentials binds a file credential's variable to; must never appear in a call. */
  public static String secretPath(Object credentialsId) {
    return "/var/jenkins/secrets/" + credentialsId + "/key.pem";
  }

  /** What withCredentials binds a username/password credential's password to; never in a call. */
  public static String secretPassword(Object credentialsId) {
    return "s3cr3t-of-" + credentialsId;
  }

  static final List<String> STEPS =
      List.of(
          "sh",
          "echo",
          "error",
          "input",
          "timeout",
          "withCredentials",
          "file",
          "usernamePassword",
          "string",
          "text",
          "booleanParam",
          "archiveArtifacts",
          "publishHTML",
          "readJSON",
          "readFile",
          "writeFile",
          "fileExists",
          "lock",
          "milestone",
          "dir",
          "pwd",
          "node",
          "stage",
          "checkout",
          "properties",
          "parameters");

  private static final List<String> BODY_STEPS =
      List.of("timeout", "withCredentials", "lock", "dir", "node", "stage");

  public final List<StepCall> calls = new ArrayList<>();
  public final Map<String, Object> env = new LinkedHashMap<>();
  public final Map<String, Object> params = new LinkedHashMap<>();
  public final CurrentBuildStub currentBuild = new CurrentBuildStub();

  /** The workspace's files the stubs read and write, by path relative to the workspace. */
  public final Map<String, String> files = new LinkedHashMap<>();

  private final Map<String, Function<StepCall, Object>> handlers = new HashMap<>();
  private final Deque<StepCall> open = new ArrayDeque<>();
  private final Deque<String> dirs = new ArrayDeque<>();
  private final Binding binding = new Binding();
  private final GroovyShell shell;
  private final Path libraryRoot;

  public PipelineHarness() {
    libraryRoot = resourceDirectory("mlops-jenkins-library");
    CompilerConfiguration config = new CompilerConfiguration();
    config.setSourceEncoding("UTF-8");
    // Jenkins imports @Library into every Jenkinsfile the same way
    ImportCustomizer imports = new ImportCustomizer();
    imports.addImports("org.jenkinsci.plugins.workflow.libs.Library");
    config.addCompilationCustomizers(imports);
    GroovyClassLoader loader = new GroovyClassLoader(getClass().getClassLoader(), config);
    try {
      // like Jenkins: src/ is the library's class path, Groovy classes compiled from source
      loader.addURL(libraryRoot.resolve("src").toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    shell = new GroovyShell(loader, binding, config);
    binding.setVariable("env", env);
    binding.setVariable("params", params);
    binding.setVariable("currentBuild", currentBuild);
    binding.setVariable("scm", Map.of("$class", "GitSCM"));
    for (String step : STEPS) {
      binding.setVariable(step, new StepClosure(this, step, null));
    }
    for (Path var : librarySteps()) {
      String name = var.getFileName().toString().replaceFirst("\\.groovy$", "");
      Script script = parse(var);
      script.setBinding(binding);
      binding.setVariable(name, new StepClosure(this, name, script));
    }
    currentBuild.startedBy("erin");
  }

  public static Path resourceDirectory(String name) {
    URL url = PipelineHarness.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException(name + " is not on the test class path (see the pom)");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path libraryRoot() {
    return libraryRoot;
  }

  public List<Path> librarySteps() {
    try (Stream<Path> list = Files.list(libraryRoot.resolve("vars"))) {
      return list.filter(p -> p.toString().endsWith(".groovy")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Script parse(Path file) {
    try {
      return shell.parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Class<?> libraryClass(String name) throws ClassNotFoundException {
    return shell.getClassLoader().loadClass(name);
  }

  /** Runs a Jenkinsfile from pipelines/ as Jenkins names it, WorkflowScript. */
  public Object runJenkinsfile(String name) throws IOException {
    Path file = resourceDirectory("pipelines").resolve(name);
    Script script = shell.parse(Files.readString(file, StandardCharsets.UTF_8), "WorkflowScript");
    script.setBinding(binding);
    return script.run();
  }

  /** Calls a library step as a Jenkinsfile would: {@code name(args)}. */
  public Object step(String name, Map<String, Object> args) {
    return ((Closure<?>) binding.getVariable(name)).call(args);
  }

  /** Scripts a step's result; for a step with a body the handler runs before the body. */
  public PipelineHarness on(String step, Function<StepCall, Object> handler) {
    handlers.put(step, handler);
    return this;
  }

  public List<StepCall> calls(String step) {
    return calls.stream().filter(c -> c.name.equals(step)).toList();
  }

  public List<StepCall> sh(String fragment) {
    return calls("sh").stream().filter(c -> c.script().contains(fragment)).toList();
  }

  /** Resolves a path against the current dir() as Jenkins does. */
  public String resolve(String cwd, String path) {
    if (path.startsWith(WORKSPACE + "/")) {
      return path.substring(WORKSPACE.length() + 1);
    }
    String joined = cwd.isEmpty() ? path : cwd + "/" + path;
    List<String> parts = new ArrayList<>();
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  private String cwd() {
    return dirs.isEmpty() ? "" : dirs.peek();
  }

  Object invoke(String name, Object[] rawArgs) throws Exception {
    List<Object> args = new ArrayList<>(Arrays.asList(rawArgs));
    Closure<?> body =
        !args.isEmpty() && args.get(args.size() - 1) instanceof Closure<?> c ? c : null;
    if (body != null) {
      args.remove(args.size() - 1);
    }
    StepCall call =
        new StepCall(
            calls.size(),
            name,
            args,
            new ArrayList<>(reversed(open)),
            new LinkedHashMap<>(env),
            cwd());
    calls.add(call);
    Function<StepCall, Object> handler = handlers.get(name);
    Object scripted = handler == null ? null : handler.apply(call);
    if (body != null || BODY_STEPS.contains(name)) {
      return runBody(call, body);
    }
    return builtIn(call, scripted, handler != null);
  }

  Object invokeLibraryStep(String name, Script script, Object[] args) {
    StepCall call =
        new StepCall(
            calls.size(),
            name,
            new ArrayList<>(Arrays.asList(args)),
            new ArrayList<>(reversed(open)),
            new LinkedHashMap<>(env),
            cwd());
    calls.add(call);
    open.push(call);
    try {
      return script.invokeMethod("call", args);
    } catch (org.codehaus.groovy.runtime.InvokerInvocationException e) {
      // what a step threw, as Jenkins would see it, not the reflection wrapper
      return StepClosure.sneakyThrow(e.getCause());
    } finally {
      open.pop();
    }
  }

  private static List<StepCall> reversed(Deque<StepCall> stack) {
    List<StepCall> list = new ArrayList<>(stack);
    java.util.Collections.reverse(list);
    return list;
  }

  private Object runBody(StepCall call, Closure<?> body) {
    if (body == null) {
      throw new IllegalArgumentException(call.name + " needs a body: " + call);
    }
    Map<String, Object> saved = new LinkedHashMap<>(env);
    if (call.name.equals("dir")) {
      Object path = call.args.get(0);
      dirs.push(resolve(cwd(), path.toString()));
    }
    if (call.name.equals("withCredentials")) {
      for (Object binding : (List<?>) call.args.get(0)) {
        Map<?, ?> b = (Map<?, ?>) binding;
        if ("usernamePassword".equals(b.get("$symbol"))) {
          env.put(b.get("usernameVariable").toString(), "user-of-" + b.get("credentialsId"));
          env.put(b.get("passwordVariable").toString(), secretPassword(b.get("credentialsId")));
        } else {
          env.put(b.get("variable").toString(), secretPath(b.get("credentialsId")));
        }
      }
    }
    open.push(call);
    try {
      return body.call();
    } finally {
      open.pop();
      env.clear();
      env.putAll(saved);
      if (call.name.equals("dir")) {
        dirs.pop();
      }
    }
  }

  private Object builtIn(StepCall call, Object scripted, boolean hasHandler) throws Exception {
    switch (call.name) {
      case "sh":
        {
          int status = scripted == null ? 0 : ((Number) scripted).intValue();
          if (Boolean.TRUE.equals(call.arg("returnStatus"))) {
            return status;
          }
          if (status != 0) {
            throw new AbortException("script returned exit code " + status);
          }
          return Boolean.TRUE.equals(call.arg("returnStdout")) ? "" : null;
        }
      case "error":
        throw new AbortException(call.args.get(0).toString());
      case "input":
        if (!hasHandler) {
          throw new IllegalStateException("no scripted answer for " + call);
        }
        return scripted;
      case "file":
      case "usernamePassword":
      case "string":
      case "text":
      case "booleanParam":
        {
          Map<String, Object> descriptor = new LinkedHashMap<>(call.named());
          descriptor.put("$symbol", call.name);
          return descriptor;
        }
      case "parameters":
        return Map.of("$symbol", "parameters", "list", call.args.get(0));
      case "pwd":
        return cwd().isEmpty() ? WORKSPACE : WORKSPACE + "/" + cwd();
      case "readJSON":
        {
          // the library asks for plain maps and lists (returnPojo) so JSON null is null
          if (!Boolean.TRUE.equals(call.arg("returnPojo"))) {
            throw new IllegalArgumentException(
                "readJSON without returnPojo: true returns json-lib objects whose null is not"
                    + " null; the harness models returnPojo only: "
                    + call);
          }
          return new JsonSlurperClassic().parseText(read(call));
        }
      case "readFile":
        return read(call);
      case "writeFile":
        files.put(resolve(call.cwd, call.arg("file").toString()), call.arg("text").toString());
        return null;
      case "fileExists":
        return files.containsKey(resolve(call.cwd, call.args.get(0).toString()));
      default:
        return scripted;
    }
  }

  private String read(StepCall call) throws AbortException {
    String path = resolve(call.cwd, call.arg("file").toString());
    String text = files.get(path);
    if (text == null) {
      throw new AbortException(path + " does not exist.");
    }
    return text;
  }

  /** A Jenkins step (or library step) as a Groovy binding variable, callable like a method. */
  static final class StepClosure extends Closure<Object> {
    private static final long serialVersionUID = 1L;
    private final transient PipelineHarness harness;
    private final String name;
    private final transient Script script;

    StepClosure(PipelineHarness harness, String name, Script script) {
      super(harness, harness);
      this.harness = harness;
      this.name = name;
      this.script = script;
    }

    public Object doCall(Object... args) throws Exception {
      return script == null
          ? harness.invoke(name, args)
          : harness.invokeLibraryStep(name, script, args);
    }

    @Override
    public Object call(Object... args) {
      try {
        return doCall(args);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        // Groovy rethrows checked exceptions unwrapped; so does this, as Jenkins steps do
        return sneakyThrow(e);
      }
    }

    @Override
    public Object call() {
      return call(new Object[0]);
    }

    @Override
    public Object call(Object arg) {
      return call(new Object[] {arg});
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> Object sneakyThrow(Throwable t) throws T {
      throw (T) t;
    }
  }
}
