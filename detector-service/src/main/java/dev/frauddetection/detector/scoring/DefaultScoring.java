package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.frauddetection.detector.scoring.rules.RuleSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model and rule set shipped inside the detector, and reading others from files. */
public final class DefaultScoring {

    public static final String MODEL_RESOURCE = "/models/fraud-model.json";
    public static final String RULES_RESOURCE = "/default-rules.json";
    /** Strict: an unknown field or a null where a number belongs is an error, never a silent default. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

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
            RuleSet rules = JSON.readValue(json, RuleSet.class);
            if (rules == null) {
                throw new IllegalArgumentException("Not a valid rule set: the body is null");
            }
            return rules.validated();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping ? path(mapping) : "";
            throw new IllegalArgumentException("Not a valid rule set: " + (field.isEmpty() ? "" : field + ": ")
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON path of the field at fault, such as rules[2].limits.EUR. */
    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A rule set as the JSON the topic and the API carry. */
    public static byte[] json(RuleSet rules) {
        try {
            return JSON.writeValueAsBytes(rules);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A rule set always serialises", e);
        }
    }
}
