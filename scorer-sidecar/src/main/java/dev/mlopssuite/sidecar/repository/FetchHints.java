package dev.mlopssuite.sidecar.repository;

import java.util.List;

/**
 * What to do about a fetch that failed, added to JGit's words where they name a known cause
 * (docs/scorer-sidecar.md, "Reaching the model repository"): the one place for these hints.
 */
final class FetchHints {
  private record Hint(String when, String fix) {}

  private static final List<Hint> HINTS =
      List.of(
          new Hint(
              "Authentication is required",
              "the repository needs a login: set repository.httpCredentials"),
          new Hint(
              "not authorized",
              "check repository.httpCredentials: the user name, and that the password or token is"
                  + " current and may read the repository"),
          new Hint(
              "Server key did not validate",
              "the server's host key is not in known_hosts of repository.sshDirectory: add it,"
                  + " checked against the key the server's owner publishes"),
          new Hint(
              "Cannot log in",
              "the server refused the key in repository.sshDirectory: register its public key"
                  + " with the repository (a read-only deploy key is enough)"));

  private FetchHints() {}

  /** {@code why}, followed by what to do when it names a known cause. */
  static String withHint(String why) {
    for (Hint hint : HINTS) {
      if (why.contains(hint.when())) {
        return why + " (" + hint.fix() + ")";
      }
    }
    return why;
  }
}
