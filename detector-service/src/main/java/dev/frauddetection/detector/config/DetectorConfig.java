package dev.frauddetection.detector.config;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.Optional;

/** Where the detector's model comes from. */
@ConfigMapping(prefix = "fraud.detector")
public interface DetectorConfig {

    /** A model file written by the train command; without it the model shipped in the detector is used. */
    Optional<Path> modelPath();
}
