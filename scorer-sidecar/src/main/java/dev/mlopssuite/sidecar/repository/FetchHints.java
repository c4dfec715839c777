package dev.mlopssuite.sidecar.repository;

import java.util.List;

/**
 * What to do about a fetch that failed, added to JGit's words where they name a known cause
 * (docs/scorer-sidecar.md, "Reaching the model repository"): the one place for these hints.
 */
final class FetchHints {
  /** How the repository is reached: a hint applies only to failures of its own transport. */
  enum Transport {
    HTTP,
    SSH,
    OTHER
  }

  private record Hint(Transport transport, String when, String fix) {}

  private static final List<Hint> HINTS =
      List.of(
          new Hint(
              Transport.HTTP,
              "Authentication is required",
              "the repository needs a login: set repository.httpCredentials"),
          new Hint(
              Transport.HTTP,
              "not authorized",
              "check repository.httpCredentials: the user name, and that the password or token is"
                  + " current and may read the repository"),
          new Hint(
              Transport.SSH,
              "Server key did not validate",
              "the server's host key is not in known_hosts of repository.sshDirectory: add it,"
                  + " checked against the key the server's owner publishes"),
          new Hint(
              Transport.SSH,
              "Cannot log in",
              "the server refused the key in repository.sshDirectory: register its public key"
                  + " with the repository (a read-only deploy key is enough)"));

  private FetchHints() {}

  /**
   * {@code why}, followed by what to do when it names a known cause of {@code transport}: the
   * message may carry the server's own words, which must not pass for another transport's.
   */
  static String withHint(String why, Transport transport) {
    for (Hint hint : HINTS) {
      if (hint.transport() == transport && why.contains(hint.when())) {
        return why + " (" + hint.fix() + ")";
      }
    }
    return why;
  }
}
