package dev.mlopssuite.modelrepo;

import static dev.mlopssuite.modelrepo.GitCli.git;
import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.modelrepo.ModelRepositoryFixture.Run;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.Daemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several promotions of one model from the same champion, at once, over a real transport (JGit's
 * git daemon on 127.0.0.1, an ephemeral port): exactly one lands, every other fails with {@link
 * ChampionChangedException}; none is silently overwritten (docs/model-repository.md, "Compare and
 * swap").
 */
class ConcurrentPromotionTest {
  private static final int RACERS = 4;
  @TempDir Path root;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void exactlyOneOfConcurrentPromotionsLands() throws Exception {
    ModelRepositoryFixture repo = new ModelRepositoryFixture(root).init();
    repo.promote(repo.run("base", null)).call();
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      runs.add(repo.run("racer-" + i, "base"));
    }

    Daemon daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
    daemon.getService("git-receive-pack").setEnabled(true);
    daemon.setTimeout(30);
    daemon.setRepositoryResolver(
        (client, name) -> {
          if (!name.equals("models.git") && !name.equals("/models.git")) {
            throw new RepositoryNotFoundException(name);
          }
          try {
            return new FileRepositoryBuilder()
                .setGitDir(repo.bare.toFile())
                .setMustExist(true)
                .build();
          } catch (java.io.IOException e) {
            throw new RepositoryNotFoundException(name, e);
          }
        });
    daemon.start();
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      String url = "git://127.0.0.1:" + daemon.getAddress().getPort() + "/models.git";
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> outcomes = new ArrayList<>();
      for (Run run : runs) {
        Promote promote = repo.promote(run, url);
        outcomes.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return promote.call();
                  } catch (ChampionChangedException e) {
                    return e;
                  }
                }));
      }
      start.countDown();
      List<PromotionResult> landed = new ArrayList<>();
      List<ChampionChangedException> refused = new ArrayList<>();
      for (Future<Object> outcome : outcomes) {
        Object o = outcome.get(90, TimeUnit.SECONDS);
        if (o instanceof PromotionResult r) {
          landed.add(r);
        } else {
          refused.add((ChampionChangedException) o);
        }
      }
      assertEquals(1, landed.size(), "exactly one promotion lands: " + landed);
      assertEquals(RACERS - 1, refused.size());
      String winner = landed.get(0).version();
      for (ChampionChangedException e : refused) {
        assertEquals("base", e.expected());
        assertEquals(winner, e.actual(), e.getMessage());
      }
      assertEquals(winner, git(repo.bare, "show", "main:models/" + MODEL + "/CHAMPION").strip());
      assertEquals(landed.get(0).commitId(), git(repo.bare, "rev-parse", "main").strip());
      assertTrue(
          git(repo.bare, "ls-tree", "--name-only", "main:models/" + MODEL + "/versions")
              .lines()
              .filter(l -> l.startsWith("racer-"))
              .toList()
              .equals(List.of(winner)),
          "only the winner's version folder is on the served branch");
    } finally {
      pool.shutdownNow();
      daemon.stopAndWait();
    }
  }
}
