package dev.mlopssuite.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Paths in the result files may be absolute; archiveArtifacts and publishHTML take paths relative
 * to the current directory. A path outside it is refused rather than archived from elsewhere.
 */
class WorkspacePath implements Serializable {
  private static final long serialVersionUID = 1L

  /** path relative to base, or null when path is absolute and not under base. */
  @NonCPS
  static String relative(String base, String path) {
    String p = path.replace('\\', '/')
    if (!p.startsWith('/') && !(p ==~ /^[A-Za-z]:\/.*/)) {
      return p.startsWith('./') ? p.substring(2) : p
    }
    String b = base.replace('\\', '/')
    b = b.endsWith('/') ? b : b + '/'
    return p.startsWith(b) ? p.substring(b.length()) : null
  }

  @NonCPS
  static String parent(String path) {
    int slash = path.lastIndexOf('/')
    return slash < 0 ? '.' : path.substring(0, slash)
  }

  @NonCPS
  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1)
  }
}
