package dev.mlopssuite.sidecar.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlopssuite.modelrepo.ModelRepositoryException;
import dev.mlopssuite.modelrepo.RepositoryLogin;
import dev.mlopssuite.modelrepo.RepositoryUrls;
import dev.mlopssuite.modelrepo.SshLogin;
import dev.mlopssuite.runtime.ConfigValueException;
import dev.mlopssuite.trust.RepositoryLayout;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.transport.URIish;

/**
 * The scorer sidecar's configuration: one YAML file (docs/scorer-sidecar.md, "Watching, verifying,
 * swapping", "Configuration"; sample: {@code scorer-sidecar/sidecar.example.yaml}). Every record
 * validates itself in its constructor (STYLE.md habit 11); {@link #load} rejects unknown keys and
 * turns every failure into a {@link SidecarConfigException} naming the key, the value and the fix.
 * Relative paths resolve against the directory of the file. Secrets never appear here: the
 * refresh-webhook token is named by a file or an environment variable and read only when the
 * webhook starts.
 *
 * @param repository where the model repository is and how it is watched
 * @param models the models to serve (folders under {@code models/} of the model repository)
 * @param refreshWebhook where the refresh webhook's token comes from; null: no webhook, polling
 *     only
 * @param trustedKeys the public keys whose promotion signatures are believed
 * @param server the HTTP server
 * @param predictionLog the prediction log
 * @param alerts the risk alerts
 * @param features bounds of the online feature state
 */
public record SidecarConfig(
    Repository repository,
    List<String> models,
    RefreshWebhook refreshWebhook,
    TrustedKeySources trustedKeys,
    Server server,
    PredictionLogConfig predictionLog,
    Alerts alerts,
    OnlineFeatures features) {

  public SidecarConfig {
    if (repository == null) {
      throw new ConfigValueException(
          "repository", null, "add a repository section with at least its url");
    }
    if (models == null || models.isEmpty()) {
      throw new ConfigValueException(
          "models", models, "list the models to serve, for example [pacemaker-failure-7d]");
    }
    for (String model : models) {
      if (model == null || !RepositoryLayout.isSafeName(model)) {
        throw new ConfigValueException(
            "models",
            model,
            "name each model by its folder under models/ in the model repository: one path"
                + " segment, no '/' or '..'");
      }
    }
    if (models.stream().distinct().count() != models.size()) {
      throw new ConfigValueException("models", models, "name each model once");
    }
    models = List.copyOf(models);
    if (trustedKeys == null) {
      throw new ConfigValueException(
          "trustedKeys",
          null,
          "add trustedKeys with files (public-key PEM files) or a directory of them: without a"
              + " trusted key no promotion verifies and nothing is served");
    }
    if (server == null) {
      server = new Server(null);
    }
    if (predictionLog == null) {
      throw new ConfigValueException(
          "predictionLog", null, "add a predictionLog section with at least its directory");
    }
    if (alerts == null) {
      alerts = new Alerts(null, null, null);
    }
    if (features == null) {
      features = new OnlineFeatures(null, null);
    }
  }

  /**
   * @param url the model repository, any URL JGit fetches from: {@code file://}, a local path,
   *     {@code git://}, {@code http(s)://}, {@code ssh://} or {@code user@host:path}; never with a
   *     password in it
   * @param branch the served branch (default {@code main})
   * @param pollInterval how often the branch is fetched (ISO-8601, default {@code PT10S})
   * @param cacheDirectory where the local clone and staged versions live (default: {@code
   *     mlops-sidecar-cache} in the system temporary directory)
   * @param sshDirectory for an SSH URL only: the directory holding the private key and {@code
   *     known_hosts}, laid out as {@code ~/.ssh} (default: {@code ~/.ssh})
   * @param fetchTimeout how long a fetch may go without progress from the server before it fails
   *     and is retried (ISO-8601, default {@code PT60S})
   * @param httpCredentials for an HTTP(S) URL only: the user name and where the password or token
   *     comes from; null for a repository that needs no login
   */
  public record Repository(
      String url,
      String branch,
      Duration pollInterval,
      Path cacheDirectory,
      Path sshDirectory,
      Duration fetchTimeout,
      HttpCredentials httpCredentials) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(60);

    /** With the defaults for SSH and the fetch timeout. */
    public Repository(String url, String branch, Duration pollInterval, Path cacheDirectory) {
      this(url, branch, pollInterval, cacheDirectory, null, null, null);
    }

    public Repository {
      if (url == null || url.isBlank()) {
        throw new ConfigValueException(
            "url",
            url,
            "give the model repository's URL (file://, git://, https://, ssh:// or a path)");
      }
      // Checked on the text, before any parsing: a URL parser reads some forms that carry a token
      // (HTTPS://<token>@host, https://<token>:@host) as something else, and the URL is in every
      // reason and log line. Only an SSH URL may name a user, and no URL a password.
      Optional<String> masked = RepositoryUrls.withSecretMasked(url);
      if (masked.isPresent()) {
        throw new ConfigValueException(
            "url",
            masked.get(),
            SshLogin.isSshUrl(url)
                ? "remove the password from the URL: log in with an SSH key"
                    + " (repository.sshDirectory)"
                : "remove the user and any password from the URL: give the login as"
                    + " repository.httpCredentials (the user name, and the password or token"
                    + " from a file or environment variable)");
      }
      URIish parsed;
      try {
        parsed = new URIish(url);
      } catch (URISyntaxException e) {
        throw new ConfigValueException(
            "url", url, "not a Git URL (" + e.getMessage() + "): give what `git clone` takes");
      }
      if (parsed.getPass() != null) {
        throw new ConfigValueException(
            "url",
            parsed.setUser("***").setPass(null).toString(),
            "remove the password from the URL: log in with an SSH key (repository.sshDirectory)"
                + " or give it through repository.httpCredentials, so that no secret sits in the"
                + " configuration or the logs");
      }
      if (branch == null) {
        branch = "main";
      }
      if (branch.isBlank() || branch.startsWith("refs/") || branch.contains("..")) {
        throw new ConfigValueException(
            "branch", branch, "give the served branch's short name, for example main");
      }
      if (pollInterval == null) {
        pollInterval = DEFAULT_POLL_INTERVAL;
      }
      if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new ConfigValueException(
            "pollInterval",
            pollInterval,
            "give at least PT1S (the refresh webhook covers faster updates)");
      }
      if (cacheDirectory == null) {
        cacheDirectory = Path.of(System.getProperty("java.io.tmpdir"), "mlops-sidecar-cache");
      }
      if (sshDirectory != null && !SshLogin.isSshUrl(url)) {
        throw new ConfigValueException(
            "sshDirectory",
            sshDirectory,
            "remove it, or give an SSH URL (ssh://user@host/path or user@host:path): the"
                + " repository's url is not reached over SSH");
      }
      if (httpCredentials != null && !RepositoryUrls.isHttpUrl(url)) {
        throw new ConfigValueException(
            "httpCredentials",
            httpCredentials.username(),
            "remove it, or give an http:// or https:// URL: the repository's url is not reached"
                + " over HTTP");
      }
      if (fetchTimeout == null) {
        fetchTimeout = DEFAULT_FETCH_TIMEOUT;
      }
      if (fetchTimeout.compareTo(Duration.ofSeconds(1)) < 0 || fetchTimeout.toSeconds() > 3600) {
        throw new ConfigValueException(
            "fetchTimeout",
            fetchTimeout,
            "give between PT1S and PT1H: a fetch that waits longer on the server fails and is"
                + " retried");
      }
    }

    /** Whether the repository is reached over SSH. */
    public boolean overSsh() {
      return SshLogin.isSshUrl(url);
    }

    /**
     * How the watcher logs in: for an SSH URL {@link #sshDirectory} or {@code ~/.ssh}, checked for
     * a key and {@code known_hosts}; for an HTTP(S) URL the {@link #httpCredentials}, their
     * password read from {@code environment}; otherwise none. Closed by the caller.
     */
    public RepositoryLogin login(Map<String, String> environment) throws SidecarConfigException {
      if (overSsh()) {
        Path dir =
            sshDirectory != null
                ? sshDirectory
                : Path.of(System.getProperty("user.home", "/"), ".ssh");
        try {
          return RepositoryLogin.ssh(SshLogin.fromDirectory(dir));
        } catch (ModelRepositoryException e) {
          throw new SidecarConfigException("repository.sshDirectory", e.value(), e.getMessage(), e);
        }
      }
      if (httpCredentials != null) {
        return RepositoryLogin.http(
            httpCredentials.username(), httpCredentials.password(environment).toCharArray());
      }
      return RepositoryLogin.none();
    }

    Repository resolvedAgainst(Path base) {
      String resolvedUrl = url;
      // A relative local path is relative to the configuration file, like every other path.
      if (!url.contains(":") && !Path.of(url).isAbsolute()) {
        resolvedUrl = base.resolve(url).normalize().toString();
      }
      return new Repository(
          resolvedUrl,
          branch,
          pollInterval,
          base.resolve(cacheDirectory),
          sshDirectory == null ? null : base.resolve(sshDirectory),
          fetchTimeout,
          httpCredentials == null ? null : httpCredentials.resolvedAgainst(base));
    }
  }

  /**
   * The login to an HTTP(S) model repository: a user name and a password or access token read from
   * a file (whole, trailing white space dropped) or an environment variable, never from the YAML.
   * For a GitHub or GitLab access token the user name is the one the host documents for tokens
   * (GitHub: {@code x-access-token}; GitLab: {@code oauth2}); a read-only token is enough.
   */
  public record HttpCredentials(String username, Path passwordFile, String passwordEnv) {
    public HttpCredentials {
      if (username == null || username.isBlank()) {
        throw new ConfigValueException(
            "username", username, "give the user name the Git host expects with the password");
      }
      if ((passwordFile == null) == (passwordEnv == null || passwordEnv.isBlank())) {
        throw new ConfigValueException(
            "passwordFile/passwordEnv",
            passwordFile != null ? passwordFile : "(not shown)",
            "set exactly one: passwordFile (a file holding the password or token) or passwordEnv"
                + " (the name of an environment variable holding it); never the password itself");
      }
      requireVariableName("passwordEnv", passwordEnv);
    }

    /** Reads the password from its file or environment variable. */
    public String password(Map<String, String> environment) throws SidecarConfigException {
      return readSecret(
          "repository.httpCredentials.password", passwordFile, passwordEnv, environment);
    }

    HttpCredentials resolvedAgainst(Path base) {
      return passwordFile == null
          ? this
          : new HttpCredentials(username, base.resolve(passwordFile), null);
    }
  }

  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Refuses a variable "name" that cannot be one, without echoing it: it is most likely the secret
   * itself, pasted where its name belongs.
   */
  private static void requireVariableName(String key, String name) {
    if (name != null && !VARIABLE_NAME.matcher(name).matches()) {
      throw new ConfigValueException(
          key,
          "(not shown)",
          "give the name of an environment variable (letters, digits and _), not the secret"
              + " itself; if the secret was written here, replace it, since it was exposed");
    }
  }

  /**
   * A secret from a file (read whole, trailing white space dropped) or an environment variable;
   * {@code key} is the setting without its {@code File}/{@code Env} suffix.
   */
  private static String readSecret(
      String key, Path file, String variable, Map<String, String> environment)
      throws SidecarConfigException {
    if (file != null) {
      String secret;
      try {
        secret = Files.readString(file).strip();
      } catch (IOException e) {
        throw new SidecarConfigException(
            key + "File",
            file.toString(),
            "cannot read the file ("
                + e.getMessage()
                + "): create it, readable by the sidecar only",
            e);
      }
      if (secret.isEmpty()) {
        throw new SidecarConfigException(key + "File", file.toString(), "the file is empty");
      }
      return secret;
    }
    String secret = environment.get(variable);
    if (secret == null || secret.isBlank()) {
      throw new SidecarConfigException(
          key + "Env",
          variable,
          "the environment variable is not set or empty: set it to the secret");
    }
    return secret.strip();
  }

  /**
   * Where the refresh webhook's bearer token comes from: exactly one of a file (read whole,
   * trailing white space dropped) or an environment variable. The token itself is never in the
   * YAML.
   */
  public record RefreshWebhook(Path tokenFile, String tokenEnv) {
    public RefreshWebhook {
      if ((tokenFile == null) == (tokenEnv == null || tokenEnv.isBlank())) {
        throw new ConfigValueException(
            "tokenFile/tokenEnv",
            tokenFile != null ? tokenFile : "(not shown)",
            "set exactly one: tokenFile (a file holding the token) or tokenEnv (the name of an"
                + " environment variable holding it); never the token itself");
      }
      requireVariableName("tokenEnv", tokenEnv);
    }

    /** Reads the token from its file or environment variable. */
    public String token(Map<String, String> environment) throws SidecarConfigException {
      return readSecret("refreshWebhook.token", tokenFile, tokenEnv, environment);
    }

    RefreshWebhook resolvedAgainst(Path base) {
      return tokenFile == null ? this : new RefreshWebhook(base.resolve(tokenFile), null);
    }
  }

  /** Public-key PEM files, or a directory of them: exactly one. */
  public record TrustedKeySources(List<Path> files, Path directory) {
    public TrustedKeySources {
      boolean hasFiles = files != null && !files.isEmpty();
      if (hasFiles == (directory != null)) {
        throw new ConfigValueException(
            "files/directory",
            hasFiles ? files : directory,
            "set exactly one: files (a list of public-key PEM files) or directory (every public"
                + " *.pem in it)");
      }
      files = hasFiles ? List.copyOf(files) : List.of();
    }

    /** Reads the keys. */
    public dev.mlopssuite.trust.TrustedKeys read() throws SidecarConfigException {
      try {
        return directory != null
            ? dev.mlopssuite.trust.TrustedKeys.fromDirectory(directory)
            : dev.mlopssuite.trust.TrustedKeys.fromFiles(files);
      } catch (dev.mlopssuite.trust.TrustException e) {
        throw new SidecarConfigException(
            directory != null ? "trustedKeys.directory" : "trustedKeys.files",
            directory != null ? directory.toString() : files.toString(),
            e.getMessage(),
            e);
      }
    }

    TrustedKeySources resolvedAgainst(Path base) {
      return directory != null
          ? new TrustedKeySources(null, base.resolve(directory))
          : new TrustedKeySources(files.stream().map(base::resolve).toList(), null);
    }
  }

  /**
   * @param port the HTTP port (default 8080)
   */
  public record Server(Integer port) {
    public Server {
      if (port == null) {
        port = 8080;
      }
      if (port < 1 || port > 65535) {
        throw new ConfigValueException("port", port, "give a TCP port between 1 and 65535");
      }
    }
  }

  /**
   * @param directory where the daily prediction-log files are written
   * @param retentionDays how many days of files are kept (default 30)
   * @param flushInterval how often buffered records are written (default PT1S)
   */
  public record PredictionLogConfig(Path directory, Integer retentionDays, Duration flushInterval) {
    public PredictionLogConfig {
      if (directory == null) {
        throw new ConfigValueException(
            "directory", null, "give the directory the prediction log is written to");
      }
      if (retentionDays == null) {
        retentionDays = 30;
      }
      if (retentionDays < 1) {
        throw new ConfigValueException(
            "retentionDays",
            retentionDays,
            "keep at least 1 day: realized performance reads the log once labels mature");
      }
      if (flushInterval == null) {
        flushInterval = Duration.ofSeconds(1);
      }
      if (flushInterval.isNegative() || flushInterval.isZero()) {
        throw new ConfigValueException(
            "flushInterval", flushInterval, "give a positive ISO-8601 duration such as PT1S");
      }
    }

    PredictionLogConfig resolvedAgainst(Path base) {
      return new PredictionLogConfig(base.resolve(directory), retentionDays, flushInterval);
    }
  }

  /**
   * @param thresholdOverride a risk threshold to alert at instead of the served model's (optional)
   * @param webhookUrl where alerts are posted (optional: none posted)
   * @param dedupeWindow one alert per entity within this window (default PT1H)
   */
  public record Alerts(Double thresholdOverride, URI webhookUrl, Duration dedupeWindow) {
    public Alerts {
      if (thresholdOverride != null
          && (thresholdOverride.isNaN() || thresholdOverride < 0 || thresholdOverride > 1)) {
        throw new ConfigValueException(
            "thresholdOverride",
            thresholdOverride,
            "give a probability in [0, 1], or leave it out to use the model's threshold");
      }
      if (webhookUrl != null) {
        String scheme = webhookUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
          throw new ConfigValueException(
              "webhookUrl", webhookUrl, "give an http:// or https:// URL, or leave it out");
        }
        if (webhookUrl.getUserInfo() != null) {
          throw new ConfigValueException(
              "webhookUrl",
              "(a URL with user information)",
              "remove the credentials from the URL: no secret sits in the configuration");
        }
      }
      if (dedupeWindow == null) {
        dedupeWindow = Duration.ofHours(1);
      }
      if (dedupeWindow.isNegative()) {
        throw new ConfigValueException(
            "dedupeWindow", dedupeWindow, "give a duration of zero or more, such as PT1H");
      }
    }
  }

  /**
   * @param maxEntities most entities whose online feature state is kept (default 100000)
   * @param warmUp recent telemetry to warm the state from before a model is first served, or null
   */
  public record OnlineFeatures(Integer maxEntities, WarmUp warmUp) {
    public OnlineFeatures {
      if (maxEntities == null) {
        maxEntities = 100_000;
      }
      if (maxEntities < 1) {
        throw new ConfigValueException(
            "maxEntities", maxEntities, "give a positive number of entities");
      }
    }

    OnlineFeatures resolvedAgainst(Path base) {
      return warmUp == null ? this : new OnlineFeatures(maxEntities, warmUp.resolvedAgainst(base));
    }
  }

  /**
   * A CSV file of recent telemetry (a header, then one row per entity and time) replayed into the
   * online state before a model is first served (docs/scorer-sidecar.md, "Online features").
   *
   * @param file the CSV file; relative paths resolve against the configuration's directory
   * @param entityColumn the column holding the entity (the device)
   * @param timeColumn the column holding the row's time, an ISO-8601 instant
   * @param timeLimit how long the warm-up may keep the model from serving (default 60 s); past it
   *     the rest of the file is left unused
   */
  public record WarmUp(Path file, String entityColumn, String timeColumn, Duration timeLimit) {
    public WarmUp {
      if (timeLimit == null) {
        timeLimit = Duration.ofSeconds(60);
      }
      if (timeLimit.isNegative() || timeLimit.isZero()) {
        throw new ConfigValueException(
            "timeLimit", timeLimit, "give a positive duration, such as PT60S");
      }
      if (file == null) {
        throw new ConfigValueException(
            "file", null, "name the CSV file of recent telemetry to warm up from");
      }
      if (entityColumn == null || entityColumn.isBlank()) {
        throw new ConfigValueException(
            "entityColumn", entityColumn, "name the entity column, e.g. device_id");
      }
      if (timeColumn == null || timeColumn.isBlank()) {
        throw new ConfigValueException("timeColumn", timeColumn, "name the time column, e.g. ts");
      }
      if (entityColumn.equals(timeColumn)) {
        throw new ConfigValueException("timeColumn", timeColumn, "must differ from entityColumn");
      }
    }

    WarmUp resolvedAgainst(Path base) {
      return new WarmUp(base.resolve(file).normalize(), entityColumn, timeColumn, timeLimit);
    }
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Reads and validates one configuration file; relative paths resolve against its directory. */
  public static SidecarConfig load(Path file) throws SidecarConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new SidecarConfigException(
          "(file)", file.toString(), "the file does not exist: start from sidecar.example.yaml");
    } catch (IOException e) {
      throw new SidecarConfigException("(file)", file.toString(), e.getMessage(), e);
    }
    SidecarConfig raw;
    try {
      JsonNode tree = YAML.readTree(text);
      if (tree != null && tree.path("refreshWebhook").has("token")) {
        // Checked before binding so the refusal is this one; the value is a secret: not echoed.
        throw new SidecarConfigException(
            "refreshWebhook.token",
            "(not shown)",
            "a token is never written in the configuration: put it in a file (tokenFile) or an"
                + " environment variable (tokenEnv), and replace it, since it was exposed");
      }
      if (tree != null && tree.path("repository").path("httpCredentials").has("password")) {
        throw new SidecarConfigException(
            "repository.httpCredentials.password",
            "(not shown)",
            "a password is never written in the configuration: put it in a file (passwordFile)"
                + " or an environment variable (passwordEnv), and replace it, since it was"
                + " exposed");
      }
      raw =
          tree == null || tree.isMissingNode() ? null : YAML.treeToValue(tree, SidecarConfig.class);
    } catch (JsonProcessingException e) {
      throw translate(file, e);
    }
    if (raw == null) {
      throw new SidecarConfigException("(file)", file.toString(), "the file is empty");
    }
    Path base = file.toAbsolutePath().getParent();
    OnlineFeatures features = raw.features == null ? null : raw.features.resolvedAgainst(base);
    return new SidecarConfig(
        raw.repository.resolvedAgainst(base),
        raw.models,
        raw.refreshWebhook == null ? null : raw.refreshWebhook.resolvedAgainst(base),
        raw.trustedKeys.resolvedAgainst(base),
        raw.server,
        raw.predictionLog.resolvedAgainst(base),
        raw.alerts,
        features);
  }

  private static SidecarConfigException translate(Path file, JsonProcessingException e) {
    String path =
        e instanceof JsonMappingException m
            ? m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[")
            : "";
    if (e instanceof UnrecognizedPropertyException u) {
      String known =
          u.getKnownPropertyIds() == null
              ? ""
              : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList().toString();
      if ("token".equals(u.getPropertyName())) {
        // The value is a secret: never echo it.
        return new SidecarConfigException(
            path,
            "(not shown)",
            "a token is never written in the configuration: put it in a file (tokenFile) or an"
                + " environment variable (tokenEnv)");
      }
      return new SidecarConfigException(
          path, "(unknown key)", "remove it or use one of the known keys " + known + " in " + file);
    }
    Throwable cause = e.getCause();
    if (cause instanceof ConfigValueException c) {
      String parent = path.isEmpty() ? "" : path + ".";
      return new SidecarConfigException(parent + c.field(), c.value(), c.fix(), c);
    }
    if (e instanceof InvalidFormatException f) {
      String fix =
          f.getTargetType() == Duration.class
              ? "give an ISO-8601 duration such as PT10S or P1D"
              : "give a value of type " + f.getTargetType().getSimpleName();
      return new SidecarConfigException(path, String.valueOf(f.getValue()), fix, e);
    }
    if (e instanceof MismatchedInputException m) {
      return new SidecarConfigException(
          path,
          "(wrong type)",
          "expected "
              + (m.getTargetType() == null ? "another type" : m.getTargetType().getSimpleName())
              + " in "
              + file,
          e);
    }
    return new SidecarConfigException(
        path.isEmpty() ? "(file)" : path,
        file.toString(),
        "not valid YAML: " + e.getOriginalMessage(),
        e);
  }
}
