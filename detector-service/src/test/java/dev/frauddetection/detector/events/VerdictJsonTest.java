package dev.frauddetection.detector.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written verdict JSON is byte for byte what data binding writes with Quarkus' ObjectMapper settings. */
class VerdictJsonTest {

    /** As Quarkus configures its ObjectMapper: modules found on the classpath, instants as ISO-8601 text. */
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final VerdictJson writer = new VerdictJson(json.getFactory());

    @Test
    void writesWhatDataBindingWrites() throws Exception {
        Random random = new Random(23);
        String[] texts = {"acc-1", "m-ü-ñ", "quote \" and \\ backslash", "line\nbreak", "€ 9,800.00", "",
                "tab\tand \u0001 control", "emoji \uD83D\uDCB3"};
        BigDecimal[] amounts = {new BigDecimal("75000.00"), new BigDecimal("0.01"), new BigDecimal("1E+3"),
                new BigDecimal("123456789012345678.123456"), BigDecimal.ZERO, new BigDecimal("-5")};
        Instant[] instants = {Instant.parse("2026-11-22T02:57:20.688064Z"), Instant.parse("2026-11-22T02:57:20Z"),
                Instant.parse("2026-11-22T02:57:20.100Z"), Instant.ofEpochSecond(1_795_316_240L, 123_456_789),
                Instant.EPOCH};
        for (int n = 0; n < 5_000; n++) {
            List<String> rules = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                rules.add(texts[random.nextInt(texts.length)]);
                reasons.add(texts[random.nextInt(texts.length)] + " " + random.nextInt());
            }
            Verdict verdict = new Verdict(
                    random.nextInt(10) == 0 ? null : "tx-" + random.nextLong(),
                    texts[random.nextInt(texts.length)], texts[random.nextInt(texts.length)],
                    random.nextInt(20) == 0 ? null : amounts[random.nextInt(amounts.length)],
                    random.nextBoolean() ? "EUR" : "JPY",
                    random.nextInt(10) == 0 ? 0 : Math.round(random.nextDouble() * 10_000) / 10_000.0,
                    Decision.values()[random.nextInt(Decision.values().length)],
                    random.nextInt(20) == 0 ? null : rules, reasons,
                    random.nextInt(10) == 0 ? 1e-7 : random.nextDouble(),
                    "logreg-2026-11-22", random.nextLong(),
                    instants[random.nextInt(instants.length)],
                    random.nextInt(20) == 0 ? null : instants[random.nextInt(instants.length)],
                    Instant.ofEpochMilli(1_795_316_240_000L + random.nextInt(1_000_000)),
                    random.nextInt(3) == 0 ? null : new Verdict.Challenger("gbt-db-" + random.nextInt(9),
                            random.nextDouble(), Decision.values()[random.nextInt(Decision.values().length)]));

            assertThat(writer.write(verdict)).isEqualTo(json.writeValueAsString(verdict));
        }
    }
}
