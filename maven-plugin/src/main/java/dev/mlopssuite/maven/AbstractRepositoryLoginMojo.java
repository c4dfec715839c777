package dev.mlopssuite.maven;

import dev.mlopssuite.modelrepo.ModelRepositoryException;
import dev.mlopssuite.modelrepo.RepositoryLogin;
import dev.mlopssuite.modelrepo.RepositoryUrls;
import dev.mlopssuite.modelrepo.SshLogin;
import dev.mlopssuite.runtime.MlopsException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The login to the model repository's remote, for the goals that clone, fetch or push it
 * (docs/model-repository.md, "Logging in to the repository"). Without these parameters a goal logs
 * in as {@code git} would: nothing for a public repository, {@code ~/.ssh} for SSH. The password is
 * read from a file or an environment variable, never from the command line.
 */
abstract class AbstractRepositoryLoginMojo extends AbstractMojo {
  /**
   * The user name for an http(s) model repository (HTTP Basic; for an access token, the name the
   * host documents: GitHub {@code x-access-token}, GitLab {@code oauth2}).
   */
  @Parameter(property = "mlops.git.username")
  protected String gitUsername;

  /** The environment variable holding the password or token (with mlops.git.username). */
  @Parameter(property = "mlops.git.passwordVariable")
  protected String gitPasswordVariable;

  /** A file holding the password or token, instead of the variable (with mlops.git.username). */
  @Parameter(property = "mlops.git.passwordFile")
  protected File gitPasswordFile;

  /**
   * For an SSH model repository: a directory holding the private key and known_hosts, laid out as
   * ~/.ssh (default: ~/.ssh itself).
   */
  @Parameter(property = "mlops.git.sshDirectory")
  protected File gitSshDirectory;

  /** Work done with the repository's login. */
  @FunctionalInterface
  protected interface LoggedIn<T> {
    T call(RepositoryLogin login) throws MlopsException;
  }

  /** Runs {@code work} logged in to {@code url} as the parameters say. */
  protected <T> T withLogin(String url, LoggedIn<T> work) throws MlopsException {
    try (RepositoryLogin login = login(url)) {
      return work.call(login);
    }
  }

  private RepositoryLogin login(String url) throws MlopsException {
    Optional<String> masked = RepositoryUrls.withSecretMasked(url);
    if (masked.isPresent()) {
      throw new ModelRepositoryException(
          "the model repository URL "
              + masked.get()
              + " carries a user or password (mlops.modelRepo): remove it, and give the login as"
              + " mlops.git.username with mlops.git.passwordVariable or mlops.git.passwordFile,"
              + " or an SSH key",
          masked.get());
    }
    if (gitSshDirectory != null) {
      if (gitUsername != null) {
        throw new ModelRepositoryException(
            "mlops.git.sshDirectory and mlops.git.username are both set: give the one that fits"
                + " the repository's URL "
                + url,
            url);
      }
      if (!SshLogin.isSshUrl(url)) {
        throw new ModelRepositoryException(
            "mlops.git.sshDirectory is set but the model repository "
                + url
                + " is not reached over SSH: remove it, or give an SSH URL",
            url);
      }
      return RepositoryLogin.ssh(SshLogin.fromDirectory(gitSshDirectory.toPath()));
    }
    if (gitUsername == null) {
      if (gitPasswordVariable != null || gitPasswordFile != null) {
        throw new ModelRepositoryException(
            "a password is given (mlops.git.passwordVariable or mlops.git.passwordFile) but no"
                + " user: set mlops.git.username",
            url);
      }
      return RepositoryLogin.none();
    }
    if (!RepositoryUrls.isHttpUrl(url)) {
      throw new ModelRepositoryException(
          "mlops.git.username is set but the model repository "
              + url
              + " is not reached over HTTP(S): remove it (SSH logs in with a key,"
              + " mlops.git.sshDirectory)",
          url);
    }
    if (url.startsWith("http://")) {
      getLog()
          .warn(
              "mlops: the login to "
                  + url
                  + " goes over plain HTTP, unencrypted: use https:// outside a test network");
    }
    return RepositoryLogin.http(gitUsername, password(url));
  }

  private char[] password(String url) throws MlopsException {
    if ((gitPasswordVariable == null) == (gitPasswordFile == null)) {
      throw new ModelRepositoryException(
          "mlops.git.username is set: give its password or token in exactly one of"
              + " mlops.git.passwordVariable (an environment variable's name) or"
              + " mlops.git.passwordFile (a file), never on the command line",
          url);
    }
    String secret;
    if (gitPasswordFile != null) {
      try {
        secret = Files.readString(gitPasswordFile.toPath()).strip();
      } catch (IOException e) {
        throw new ModelRepositoryException(
            "cannot read mlops.git.passwordFile " + gitPasswordFile + ": " + e.getMessage(),
            String.valueOf(gitPasswordFile),
            e);
      }
    } else {
      String value = System.getenv(gitPasswordVariable);
      secret = value == null ? "" : value.strip();
    }
    if (secret.isEmpty()) {
      throw new ModelRepositoryException(
          gitPasswordFile != null
              ? "mlops.git.passwordFile " + gitPasswordFile + " is empty"
              : "the environment variable "
                  + gitPasswordVariable
                  + " (mlops.git.passwordVariable) is not set or empty: set it to the password or"
                  + " token",
          url);
    }
    return secret.toCharArray();
  }
}
