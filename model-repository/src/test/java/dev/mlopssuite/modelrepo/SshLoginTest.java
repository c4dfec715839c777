package dev.mlopssuite.modelrepo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshLoginTest {
  @TempDir Path dir;

  @Test
  void sshUrlsAreTheSchemesAndScpLikeFormsGitReachesOverSsh() {
    for (String url :
        new String[] {
          "ssh://git@host/ml/models.git",
          "ssh://host:2222/srv/models.git",
          "git+ssh://git@host/models.git",
          "git@host:ml/models.git",
          "host:models.git"
        }) {
      assertTrue(SshLogin.isSshUrl(url), url);
    }
    for (String url :
        new String[] {
          "file:///srv/models.git",
          "/srv/models.git",
          "models.git",
          "git://host/models.git",
          "https://host/models.git",
          "http://host/models.git"
        }) {
      assertFalse(SshLogin.isSshUrl(url), url);
    }
  }

  @Test
  void aDirectoryWithoutWhatALoginNeedsIsRefusedNamingWhatToAdd() throws Exception {
    ModelRepositoryException none =
        assertThrows(
            ModelRepositoryException.class, () -> SshLogin.fromDirectory(dir.resolve("absent")));
    assertTrue(none.getMessage().contains("does not exist"), none.getMessage());
    assertEquals(dir.resolve("absent").toString(), none.value());

    ModelRepositoryException noHosts =
        assertThrows(ModelRepositoryException.class, () -> SshLogin.fromDirectory(dir));
    assertTrue(noHosts.getMessage().contains("has no known_hosts"), noHosts.getMessage());

    Files.writeString(dir.resolve("known_hosts"), "host ssh-ed25519 AAAA\n");
    ModelRepositoryException noKey =
        assertThrows(ModelRepositoryException.class, () -> SshLogin.fromDirectory(dir));
    assertTrue(noKey.getMessage().contains("has no private key"), noKey.getMessage());

    Files.writeString(dir.resolve("id_rsa"), "read when a session opens");
    try (SshLogin login = SshLogin.fromDirectory(dir)) {
      assertEquals(dir.toAbsolutePath().normalize(), login.directory());
    }
  }

  @Test
  void anOpenSshConfigIsLeftToSayWhereTheFilesAre() throws Exception {
    Files.writeString(dir.resolve("config"), "Host *\n  IdentityFile /keys/deploy\n");
    try (SshLogin login = SshLogin.fromDirectory(dir)) {
      assertEquals(dir.toAbsolutePath().normalize(), login.directory());
    }
  }
}
