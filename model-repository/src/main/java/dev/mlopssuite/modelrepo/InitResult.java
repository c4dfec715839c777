package dev.mlopssuite.modelrepo;

import java.nio.file.Path;

/**
 * A new model repository.
 *
 * @param directory the repository (a bare repository by default)
 * @param url what promotion, rollback and history are given to reach it ({@code file://} URI)
 * @param commitId the initial commit on the served branch
 */
public record InitResult(Path directory, String url, String branch, String commitId) {}
