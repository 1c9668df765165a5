package dev.frauddetection.detector.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming read against Jackson's data binding, which it replaced as the decoder's fast path: on every event it
 * takes, it must build exactly what data binding builds; what it does not take goes to the thorough read.
 */
class ChangeEventReaderTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ChangeEventReader reader = new ChangeEventReader(json.getFactory());

    @ParameterizedTest
    @ValueSource(strings = {"insert", "update", "delete", "snapshot"})
    void readsDebeziumsEventsAsDataBindingDoes(String sample) throws IOException {
        String event = sample(sample);

        ChangeEnvelope read = reader.read(event);

        assertThat(read).isNotNull();
        assertSameAsDataBinding(event, read);
    }

    /**
     * Mutations of real events: other JSON types in every field, odd but valid values, unknown fields holding objects
     * and arrays, missing parts. Each is either read exactly like data binding reads it, or left to the thorough read.
     */
    @Test
    void neverReadsAnEventDifferentlyFromDataBinding() throws IOException {
        Random random = new Random(17);
        JsonNode[] replacements = {
                json.nullNode(), json.getNodeFactory().textNode(""), json.getNodeFactory().textNode("52.5"),
                json.getNodeFactory().textNode("soon"), json.getNodeFactory().textNode("2026-11-22T02:57:20Z"),
                json.getNodeFactory().textNode("1e3"), json.getNodeFactory().numberNode(12),
                json.getNodeFactory().numberNode(1795316240689L), json.getNodeFactory().numberNode(52.123456789),
                json.getNodeFactory().numberNode(new java.math.BigDecimal("75000.00")),
                json.getNodeFactory().numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                json.getNodeFactory().booleanNode(true), json.createObjectNode().put("x", 1),
                json.createArrayNode().add(1).add("two")};
        int taken = 0;
        int left = 0;
        for (String sample : List.of("insert", "update", "delete", "snapshot")) {
            ObjectNode original = (ObjectNode) json.readTree(sample(sample));
            List<String> paths = paths(original, "");
            for (int n = 0; n < 1_500; n++) {
                ObjectNode event = original.deepCopy();
                for (int changes = 1 + random.nextInt(2); changes > 0; changes--) {
                    String path = paths.get(random.nextInt(paths.size()));
                    if (!(event.at(path.substring(0, path.lastIndexOf('/'))) instanceof ObjectNode parent)) {
                        continue;
                    }
                    String field = path.substring(path.lastIndexOf('/') + 1);
                    switch (random.nextInt(4)) {
                        case 0 -> parent.remove(field);
                        case 1 -> parent.set("unknown_" + field, replacements[random.nextInt(replacements.length)]);
                        default -> parent.set(field, replacements[random.nextInt(replacements.length)]);
                    }
                }
                String text = json.writeValueAsString(event);
                ChangeEnvelope read = reader.read(text);
                if (read == null) {
                    left++;
                } else {
                    taken++;
                    assertSameAsDataBinding(text, read);
                }
            }
        }
        assertThat(taken).as("mutated events read").isGreaterThan(1_000);
        assertThat(left).as("mutated events left to the thorough read").isGreaterThan(1_000);
    }

    @Test
    void leavesWhatIsNotAnObjectOrNotJsonToTheThoroughRead() {
        assertThat(reader.read("[1, 2]")).isNull();
        assertThat(reader.read("{\"op\": \"c\", ")).isNull();
        assertThat(reader.read("{\"op\": \"c\"} trailing")).isNull();
        assertThat(reader.read("\"c\"")).isNull();
        assertThat(reader.read("{\"op\": \"c\", \"after\": null}")).as("no source").isNull();
    }

    private void assertSameAsDataBinding(String text, ChangeEnvelope read) throws IOException {
        ChangeEnvelope bound = json.readValue(text, ChangeEnvelope.class);
        assertThat(read.op()).as(text).isEqualTo(bound.op());
        assertThat(read.before()).as(text).isEqualTo(bound.before());
        assertThat(read.after()).as(text).isEqualTo(bound.after());
        assertThat(bound.source()).as(text).isNotNull();
        assertThat(bound.source().tsMs().canConvertToLong()).as(text).isTrue();
        assertThat(read.source().tsMs().asLong()).as(text).isEqualTo(bound.source().tsMs().asLong());
    }

    private static List<String> paths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        node.fieldNames().forEachRemaining(field -> {
            paths.add(prefix + "/" + field);
            if (node.get(field).isObject()) {
                paths.addAll(paths(node.get(field), prefix + "/" + field));
            }
        });
        return paths;
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = ChangeEventReaderTest.class.getResourceAsStream("/debezium/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
