package dev.mlopssuite.sidecar.repository;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Runs each fetch on a thread of its own and gives up on one that has gone silent
 * (docs/scorer-sidecar.md, "Reaching the model repository").
 *
 * <p>Why: JGit's own timeout covers HTTP, but a {@code git://} or SSH server that accepts the
 * connection and then sends nothing holds JGit's read for good. JGit interrupts the reading thread,
 * which does not unblock a socket read on Java 17; measured, still waiting after two minutes.
 *
 * <p>A fetch is silent once neither the server's progress nor JGit's has moved for the limit: a
 * slow download of large model files that keeps moving is waited for as long as it moves. A silent
 * fetch is abandoned: it is told to cancel (JGit checks between steps), its thread is left to end
 * when its connection does, and the next call connects again. A late end of an abandoned fetch
 * cannot move the branch backwards: JGit updates a ref only from the value it read at the start. At
 * most {@link #MAX_STUCK} abandoned fetches are left waiting; beyond that the next call waits for
 * the current one again rather than leave one more thread behind.
 */
final class SilenceGuard implements AutoCloseable {
  /** Abandoned fetches whose threads may still wait on a silent server. */
  static final int MAX_STUCK = 3;

  /** What one attempt runs, with the monitor that records its progress. */
  @FunctionalInterface
  interface Fetch {
    ObjectId run(ProgressMonitor progress) throws GitAPIException, IOException;
  }

  private final long silenceLimitNanos;
  private final String limitText;
  private final List<ExecutorService> stuck = new ArrayList<>();
  private ExecutorService executor = newExecutor();
  private Attempt current;

  /**
   * @param silenceLimit how long a fetch may go without progress
   * @param limitText the limit as the failure names it, with the setting that gives it
   */
  SilenceGuard(Duration silenceLimit, String limitText) {
    this.silenceLimitNanos = silenceLimit.toNanos();
    this.limitText = limitText;
  }

  /**
   * Runs {@code fetch}, or goes on waiting for the attempt a previous call left running.
   *
   * @throws IOException when the attempt has been silent for the limit, naming the limit; or what
   *     the fetch threw
   */
  ObjectId run(Fetch fetch) throws GitAPIException, IOException {
    stuck.removeIf(ExecutorService::isTerminated);
    if (current == null) {
      Activity activity = new Activity();
      current = new Attempt(executor.submit(() -> fetch.run(activity)), activity);
    }
    Attempt attempt = current;
    // A fetch left running by an earlier call gets the whole limit again from this call on.
    long callStarted = System.nanoTime();
    while (true) {
      long lastSign = Math.max(attempt.activity.last, callStarted);
      long left = silenceLimitNanos - (System.nanoTime() - lastSign);
      try {
        ObjectId head = attempt.future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        current = null;
        return head;
      } catch (TimeoutException notYet) {
        if (left <= 0) {
          throw silent(attempt);
        }
        // otherwise progress during the wait moved the deadline: wait for the rest
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("the fetch was interrupted: the watcher is stopping");
      } catch (ExecutionException e) {
        current = null;
        throw unwrap(e.getCause());
      }
    }
  }

  private IOException silent(Attempt attempt) {
    if (stuck.size() >= MAX_STUCK) {
      return new IOException(
          "no answer within "
              + limitText
              + ": the server accepted the connection but sends nothing; "
              + MAX_STUCK
              + " earlier fetches are still stuck on it, so the next try waits for this one");
    }
    attempt.activity.cancelled = true;
    attempt.future.cancel(true);
    executor.shutdownNow();
    stuck.add(executor);
    executor = newExecutor();
    current = null;
    return new IOException(
        "no answer within "
            + limitText
            + ": the server accepted the connection but sends nothing; that fetch is abandoned"
            + " and the next try connects again");
  }

  /** Abandoned fetches whose threads have not ended yet. */
  int stuckFetches() {
    stuck.removeIf(ExecutorService::isTerminated);
    return stuck.size();
  }

  private static IOException unwrap(Throwable cause) throws GitAPIException {
    if (cause instanceof GitAPIException g) {
      throw g;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    return new IOException(cause);
  }

  @Override
  public void close() {
    if (current != null) {
      current.activity.cancelled = true;
    }
    executor.shutdownNow();
    stuck.forEach(ExecutorService::shutdownNow);
  }

  private static ExecutorService newExecutor() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "model-repository-fetch");
          t.setDaemon(true); // a fetch stuck on a silent server must not keep the JVM alive
          return t;
        });
  }

  private record Attempt(Future<ObjectId> future, Activity activity) {}

  /** JGit's progress reports, used as a sign of life; cancelled once the fetch is abandoned. */
  private static final class Activity implements ProgressMonitor {
    volatile long last = System.nanoTime();
    volatile boolean cancelled;

    private void moved() {
      last = System.nanoTime();
    }

    @Override
    public void start(int totalTasks) {
      moved();
    }

    @Override
    public void beginTask(String title, int totalWork) {
      moved();
    }

    @Override
    public void update(int completed) {
      moved();
    }

    @Override
    public void endTask() {
      moved();
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void showDuration(boolean enabled) {}
  }
}
