package org.jenkinsci.plugins.workflow.libs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stand-in for the {@code @Library} annotation of pipeline-groovy-lib, which Jenkins imports into
 * every Jenkinsfile; the harness imports it the same way so that {@code @Library('x') _} parses.
 * Loading the library is the harness's job here, so the annotation does nothing.
 */
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.LOCAL_VARIABLE, ElementType.TYPE, ElementType.FIELD, ElementType.METHOD})
public @interface Library {
  String[] value();
}
