package dev.mlopssuite.modelrepo;

import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * What a repository URL says about how it is reached, and refuses one that carries a secret
 * (docs/model-repository.md, "Logging in to the repository"): an access token is often written as
 * the URL's user ({@code https://<token>@host}), and the URL is named in every message and log
 * line. Only an SSH URL may name a user (it is no secret there), and no URL a password. Checked on
 * the text, because a URL parser reads some of these forms ({@code HTTPS://<token>@host}, {@code
 * https://<token>:@host}) as something else.
 */
public final class RepositoryUrls {
  private static final Pattern USER_INFO = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)([^/?#]*)@");

  private RepositoryUrls() {}

  /**
   * Whether JGit reaches {@code url} over HTTP(S): its scheme, as JGit parses it, is {@code http}
   * or {@code https} (JGit reads {@code HTTPS://host/x} as a local path, and so does this).
   */
  public static boolean isHttpUrl(String url) {
    try {
      String scheme = new URIish(url).getScheme();
      return "http".equals(scheme) || "https".equals(scheme);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The URL with its user and password masked, if it carries one it may not; else empty. */
  public static Optional<String> withSecretMasked(String url) {
    Matcher userInfo = USER_INFO.matcher(url);
    if (!userInfo.find()) {
      return Optional.empty();
    }
    if (SshLogin.isSshUrl(url) && !userInfo.group(2).contains(":")) {
      return Optional.empty(); // ssh://git@host/...: a user name, no secret
    }
    return Optional.of(userInfo.replaceFirst("$1***@"));
  }
}
