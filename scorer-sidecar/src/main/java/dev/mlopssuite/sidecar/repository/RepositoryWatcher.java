package dev.mlopssuite.sidecar.repository;

import dev.mlopssuite.modelrepo.RepositoryLogin;
import dev.mlopssuite.modelrepo.RepositoryUrls;
import dev.mlopssuite.sidecar.config.SidecarConfig;
import dev.mlopssuite.sidecar.config.SidecarConfigException;
import dev.mlopssuite.sidecar.metrics.SidecarMetrics;
import dev.mlopssuite.sidecar.model.ModelRegistry;
import dev.mlopssuite.sidecar.model.ServedModel;
import dev.mlopssuite.trust.ApprovalPolicy;
import dev.mlopssuite.trust.RepositoryLayout;
import dev.mlopssuite.trust.TrustedKeys;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.FS;

/**
 * Watches the served branch of the model repository and keeps {@link ModelRegistry} serving the
 * verified champion of each model (docs/scorer-sidecar.md, "Watching, verifying, swapping").
 *
 * <p>Keyed on the branch's commit id: the branch is fetched into a local clone every poll interval
 * and on {@link #refreshNow()}. A commit not yet served is written into a fresh stage directory,
 * the approval policy read from its {@code .mlops/policy.yaml}, the CHAMPION change checked to
 * carry its promotion or rollback record, the whole chain verified and only then the model loaded
 * ({@link ChampionLoader}), and the new version swapped in with one atomic reference change. Any
 * failure keeps the old version serving, is counted ({@code reload(model, "failure", ..)}) and
 * logged in one line, and is retried with exponential backoff (doubling from {@link
 * #INITIAL_BACKOFF} up to {@link #MAX_BACKOFF}); a new commit is still noticed at the next poll.
 *
 * <p>One thread does all Git and loading work, so the clone and the per-model state need no locks;
 * {@link #refreshNow()} only wakes that thread.
 */
public final class RepositoryWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RepositoryWatcher.class.getName());

  /** First retry after a failure: soon, since a fetch may fail for a moment. */
  public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);

  /** Longest wait between retries of a refused commit, so logs and counters stay readable. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final SidecarConfig.Repository repository;
  private final List<String> models;
  private final TrustedKeys keys;
  private final ModelRegistry registry;
  private volatile Consumer<ServedModel> beforeFirstServe = served -> {};
  private final SidecarMetrics metrics;
  private final ChampionLoader loader;
  private final Semaphore wakeUp = new Semaphore(0);
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final RepositoryLogin login;

  /**
   * The commit each model was last settled at (watcher thread only): served from it, or found there
   * with no promotion yet. A model not settled at the head is loaded again.
   */
  private final Map<String, ObjectId> loadedFrom = new HashMap<>();

  private volatile ObjectId lastFetched;
  private volatile boolean running;
  private Thread thread;
  private LocalClone clone;
  private int failures;
  private long retryAtNanos;

  /**
   * @throws SidecarConfigException for an SSH URL whose directory lacks the key or {@code
   *     known_hosts}, or an HTTP login whose password cannot be read: said at start, not at every
   *     fetch
   */
  public RepositoryWatcher(
      SidecarConfig.Repository repository,
      List<String> models,
      TrustedKeys keys,
      ModelRegistry registry,
      SidecarMetrics metrics)
      throws SidecarConfigException {
    this(repository, models, keys, registry, metrics, INITIAL_BACKOFF, MAX_BACKOFF);
  }

  /** With other backoff bounds (tests keep them short). */
  RepositoryWatcher(
      SidecarConfig.Repository repository,
      List<String> models,
      TrustedKeys keys,
      ModelRegistry registry,
      SidecarMetrics metrics,
      Duration initialBackoff,
      Duration maxBackoff)
      throws SidecarConfigException {
    this.repository = repository;
    this.login = repository.login(System.getenv());
    this.models = List.copyOf(models);
    this.keys = keys;
    this.registry = registry;
    this.metrics = metrics;
    this.loader = new ChampionLoader(keys);
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  private FetchHints.Transport transport() {
    if (repository.overSsh()) {
      return FetchHints.Transport.SSH;
    }
    return RepositoryUrls.isHttpUrl(repository.url())
        ? FetchHints.Transport.HTTP
        : FetchHints.Transport.OTHER;
  }

  /** Why nothing is served before the first load. */
  public static String waitingReason(SidecarConfig.Repository repository) {
    return "no verified model yet: waiting for the first fetch of "
        + repository.url()
        + " (branch "
        + repository.branch()
        + ")";
  }

  /** Starts the watcher thread; the first fetch happens at once. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the watcher is already started");
    }
    // JGit measures a file system's timestamp resolution the first time it meets it and caches
    // the result in the user's ~/.config/jgit. A container has no writable home: the first fetch
    // waited about 4 s for that measurement at every start. Measured in the background instead,
    // with JGit's conservative defaults meanwhile (docs/scorer-sidecar.md, "Container image").
    FS.FileStoreAttributes.setBackground(true);
    running = true;
    thread = new Thread(this::run, "model-repository-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Asks for a fetch now (the refresh webhook calls this). Returns at once; the watcher thread
   * fetches as soon as it is free, well within a second unless a load is under way.
   */
  public void refreshNow() {
    wakeUp.release();
  }

  /** The served branch's commit as last fetched, if any. */
  public Optional<String> lastFetchedCommit() {
    ObjectId id = lastFetched;
    return id == null ? Optional.empty() : Optional.of(id.name());
  }

  @Override
  public void close() throws InterruptedException {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      t.join(10_000);
    } else if (clone != null) {
      clone.close(); // cycles ran on the caller's thread (tests)
    }
    login.close();
  }

  private void run() {
    try {
      while (running) {
        Duration wait = cycle();
        if (wakeUp.tryAcquire(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)) {
          wakeUp.drainPermits();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (clone != null) {
        clone.close();
      }
    }
  }

  /** One fetch and, when needed, one load per model; returns how long to wait before the next. */
  Duration cycle() {
    long started = System.nanoTime();
    ObjectId head;
    try {
      if (clone == null) {
        removeStaleStages();
        clone =
            new LocalClone(
                repository.cacheDirectory().resolve("repository.git"),
                repository.url(),
                repository.branch(),
                login,
                repository.fetchTimeout());
      }
      head = clone.fetch();
    } catch (IOException | GitAPIException | RuntimeException e) {
      if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
        return Duration.ZERO; // the watcher is stopping: not a failure of the repository
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String why = PolicyFile.firstLine(e.getMessage());
      // JGit starts its transport errors with the URL, which the reason already names.
      String prefix = repository.url() + ": ";
      if (why.startsWith(prefix)) {
        why = why.substring(prefix.length());
      }
      String reason =
          "cannot fetch branch "
              + repository.branch()
              + " of "
              + repository.url()
              + ": "
              + FetchHints.withHint(why, transport());
      for (String model : models) {
        refuse(model, null, reason, took);
      }
      forgetThoseServingNothing();
      return failed();
    }
    if (head == null) {
      String reason =
          "the model repository "
              + repository.url()
              + " has no branch "
              + repository.branch()
              + ": check repository.branch";
      models.forEach(m -> refuse(m, null, reason, Duration.ofNanos(System.nanoTime() - started)));
      forgetThoseServingNothing();
      return failed();
    }
    boolean newCommit = !head.equals(lastFetched);
    lastFetched = head;
    List<String> pending = models.stream().filter(m -> !head.equals(loadedFrom.get(m))).toList();
    if (pending.isEmpty()) {
      failures = 0;
      return repository.pollInterval();
    }
    if (!newCommit && System.nanoTime() < retryAtNanos) {
      return untilRetry();
    }
    boolean allLoaded = load(head, pending);
    if (allLoaded) {
      failures = 0;
      return repository.pollInterval();
    }
    return failed();
  }

  private boolean load(ObjectId head, List<String> allPending) {
    long started = System.nanoTime();
    String commit = head.name();
    List<String> pending;
    try {
      pending = withoutThoseNeverPromoted(head, allPending);
    } catch (IOException | RuntimeException e) {
      String reason = "cannot read the history of commit " + commit + ": " + e.getMessage();
      allPending.forEach(
          m -> refuse(m, commit, reason, Duration.ofNanos(System.nanoTime() - started)));
      return false;
    }
    if (pending.isEmpty()) {
      return true;
    }
    Path stage = null;
    try {
      Files.createDirectories(repository.cacheDirectory());
      stage = Files.createTempDirectory(repository.cacheDirectory(), "stage-");
      clone.stage(head, pending, stage);
      ApprovalPolicy policy = PolicyFile.read(stage);
      boolean all = true;
      for (String model : pending) {
        long modelStarted = System.nanoTime();
        try {
          String version = ChampionLoader.championOf(stage, model);
          clone.requireRecordedChange(head, model, version, keys);
          ServedModel next = loader.load(stage, policy, model, commit);
          swap(next, Duration.ofNanos(System.nanoTime() - modelStarted));
          loadedFrom.put(model, head);
        } catch (ModelRefusedException e) {
          all = false;
          refuse(model, commit, e.getMessage(), Duration.ofNanos(System.nanoTime() - modelStarted));
        } catch (IOException | RuntimeException e) {
          all = false;
          refuse(
              model,
              commit,
              "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(),
              Duration.ofNanos(System.nanoTime() - modelStarted));
          LOG.log(Level.FINE, "load of " + model + " at " + commit + " failed", e);
        }
      }
      return all;
    } catch (ModelRefusedException | IOException | RuntimeException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String reason =
          e instanceof ModelRefusedException
              ? e.getMessage()
              : "cannot stage commit " + commit + ": " + PolicyFile.firstLine(e.getMessage());
      pending.forEach(m -> refuse(m, commit, reason, took));
      return false;
    } finally {
      if (stage != null) {
        deleteQuietly(stage);
      }
    }
  }

  /**
   * Runs {@code action} on the watcher's thread just before a model's first version is served, so
   * that readiness waits for it (the sidecar warms its online features there). A failure of the
   * action is logged and the version is served anyway. Set it before {@link #start}.
   */
  public void beforeFirstServe(Consumer<ServedModel> action) {
    this.beforeFirstServe = Objects.requireNonNull(action, "action");
  }

  private void swap(ServedModel next, Duration took) {
    if (registry.current(next.model()).isEmpty()) {
      try {
        beforeFirstServe.accept(next);
      } catch (RuntimeException | Error e) { // the version is served whatever happened here
        LOG.log(
            Level.WARNING,
            "model " + next.model() + ": preparing the first version failed; serving it anyway",
            e);
      }
    }
    // One atomic reference change. The replaced object is simply dropped: requests that read it
    // before the swap hold their own reference and finish on it (see ModelRegistry).
    ServedModel previous = registry.swap(next);
    metrics.reload(next.model(), "success", took);
    metrics.modelServed(next.model(), next.version(), next.commit(), next.manifestSha256());
    LOG.info(
        "model "
            + next.model()
            + ": serving version "
            + next.version()
            + " (manifest "
            + next.manifestSha256()
            + ") from commit "
            + next.commit()
            + (previous == null ? "" : ", replacing version " + previous.version()));
  }

  /**
   * The models of {@code pending} to load: those that serve nothing and were never promoted on the
   * branch wait instead (installed before their first promotion). Decided before staging, so that
   * nothing about the commit, not even its policy file, counts against a model nobody promoted yet;
   * counting it raised the reload-failure metric of every new deployment until its first promotion.
   */
  private List<String> withoutThoseNeverPromoted(ObjectId head, List<String> pending)
      throws IOException {
    List<String> toLoad = new ArrayList<>();
    for (String model : pending) {
      if (registry.current(model).isEmpty() && clone.neverPromoted(head, model)) {
        awaitFirstPromotion(model, head.name());
        loadedFrom.put(model, head);
      } else {
        toLoad.add(model);
      }
    }
    return toLoad;
  }

  /** Not ready, saying why, logged once per commit; not a failure, so not counted or retried. */
  private void awaitFirstPromotion(String model, String commit) {
    String reason =
        "no promotion of "
            + model
            + " on branch "
            + repository.branch()
            + " yet (commit "
            + commit
            + " has no "
            + RepositoryLayout.championPath(model)
            + "): promote a version of "
            + model
            + " first";
    registry.notServed(model, reason);
    LOG.info("model " + model + ": " + reason + "; checking again at each new commit");
  }

  /**
   * After a failed fetch replaced their reason, models that serve nothing are looked at again at
   * the next fetch, even at the same commit: a model waiting for its first promotion would
   * otherwise keep saying the fetch failed.
   */
  private void forgetThoseServingNothing() {
    loadedFrom.keySet().removeIf(m -> registry.current(m).isEmpty());
  }

  private void refuse(String model, String commit, String why, Duration took) {
    // One log line per refusal, whatever the underlying message looked like.
    String reason = why == null ? "(no message)" : why.replaceAll("\\s*\\R\\s*", " ");
    metrics.reload(model, "failure", took);
    Optional<ServedModel> serving = registry.current(model);
    registry.notServed(model, (commit == null ? "" : "commit " + commit + " refused: ") + reason);
    LOG.warning(
        "model "
            + model
            + ": "
            + (commit == null ? "" : "commit " + commit + " refused: ")
            + reason
            + " | still serving "
            + serving
                .map(s -> "version " + s.version() + " from commit " + s.commit())
                .orElse("nothing")
            + "; retrying in "
            + backoff(failures + 1));
  }

  private Duration failed() {
    failures++;
    Duration backoff = backoff(failures);
    retryAtNanos = System.nanoTime() + backoff.toNanos();
    return untilRetry();
  }

  /** Wait until the retry, but never longer than the poll interval, so new commits are seen. */
  private Duration untilRetry() {
    Duration left = Duration.ofNanos(Math.max(0, retryAtNanos - System.nanoTime()));
    return left.compareTo(repository.pollInterval()) < 0 ? left : repository.pollInterval();
  }

  private Duration backoff(int attempt) {
    Duration d = initialBackoff.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  /** Stage directories left by a process that stopped mid-load hold nothing anyone needs. */
  private void removeStaleStages() {
    if (!Files.isDirectory(repository.cacheDirectory())) {
      return;
    }
    try (Stream<Path> entries = Files.list(repository.cacheDirectory())) {
      entries
          .filter(p -> p.getFileName().toString().startsWith("stage-"))
          .forEach(RepositoryWatcher::deleteQuietly);
    } catch (IOException e) {
      LOG.fine("cannot list " + repository.cacheDirectory() + ": " + e.getMessage());
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  LOG.fine("cannot delete " + p + ": " + e.getMessage());
                }
              });
    } catch (IOException e) {
      LOG.fine("cannot delete " + dir + ": " + e.getMessage());
    }
  }
}
