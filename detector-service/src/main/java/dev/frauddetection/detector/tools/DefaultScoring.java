package dev.frauddetection.detector.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.frauddetection.detector.rules.RuleSet;
import dev.frauddetection.detector.scoring.FraudModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model and rule set shipped inside the detector, and reading others from files. */
public final class DefaultScoring {

    public static final String MODEL_RESOURCE = "/models/fraud-model.json";
    public static final String RULES_RESOURCE = "/default-rules.json";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private DefaultScoring() {
    }

    public static FraudModel model() {
        try (InputStream in = DefaultScoring.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The detector ships no model at " + MODEL_RESOURCE);
            }
            return FraudModel.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RuleSet rules() {
        try (InputStream in = DefaultScoring.class.getResourceAsStream(RULES_RESOURCE)) {
            return JSON.readValue(in, RuleSet.class).validated();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the default rule set", e);
        }
    }

    public static RuleSet rules(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parseRules(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Parses and validates a rule set; IllegalArgumentException names what is wrong. */
    public static RuleSet parseRules(byte[] json) {
        try {
            return JSON.readValue(json, RuleSet.class).validated();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not a valid rule set: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
