package dev.mlopssuite.prhost;

/**
 * An opened pull request: its web address and the number people use for it (GitHub's {@code
 * number}, GitLab's project-scoped {@code iid}, as in {@code !12}).
 */
public record PullRequestResult(String url, String id) {

  public PullRequestResult {
    if (url == null || url.isBlank() || id == null || id.isBlank()) {
      throw new IllegalArgumentException(
          "a pull request needs a url and an id, got url '"
              + url
              + "' and id '"
              + id
              + "': the host's answer lacks them");
    }
  }
}
