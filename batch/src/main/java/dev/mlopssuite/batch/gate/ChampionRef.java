package dev.mlopssuite.batch.gate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The champion a challenger was measured against: its version and its manifest's sha256. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChampionRef(String version, String manifestSha256) {}
