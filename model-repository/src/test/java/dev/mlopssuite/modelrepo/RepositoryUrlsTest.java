package dev.mlopssuite.modelrepo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepositoryUrlsTest {
  @Test
  void aUrlCarryingATokenIsMaskedWhateverItsForm() {
    for (String url :
        new String[] {
          "https://ghp_abc@github.com/o/m.git",
          "HTTPS://ghp_abc@github.com/o/m.git",
          "https://ghp_abc:@github.com/o/m.git",
          "https://ghp_abc:x-oauth-basic@github.com/o/m.git",
          "git+https://ghp_abc@github.com/o/m.git",
          "http://user:ghp_abc@host/m.git",
          "git://ghp_abc@host/m.git",
          "ssh://git:ghp_abc@host/m.git"
        }) {
      Optional<String> masked = RepositoryUrls.withSecretMasked(url);
      assertTrue(masked.isPresent(), url);
      assertTrue(masked.get().contains("***@"), masked.get());
      assertTrue(!masked.get().contains("ghp_abc"), masked.get());
    }
  }

  @Test
  void urlsWithoutASecretPass() {
    for (String url :
        new String[] {
          "https://github.com/o/m.git",
          "ssh://git@host/m.git",
          "git@host:ml/m.git",
          "file:///srv/m.git",
          "/srv/m.git",
          "git://host/m.git"
        }) {
      assertEquals(Optional.empty(), RepositoryUrls.withSecretMasked(url), url);
    }
  }
}
