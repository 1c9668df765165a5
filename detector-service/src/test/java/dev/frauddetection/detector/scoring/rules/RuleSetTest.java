package dev.frauddetection.detector.scoring.rules;

import dev.frauddetection.detector.scoring.DefaultScoring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetTest {

    @Test
    void theShippedRuleSetHasEveryKindOfRule() {
        RuleSet rules = DefaultScoring.rules();

        assertThat(rules.version()).isEqualTo(1);
        assertThat(rules.rules()).extracting(r -> r.getClass().getSimpleName()).contains("HighAmount", "Velocity",
                "ImpossibleTravel", "CardTesting", "Blacklist", "NewCountryLargeAmount", "NewMerchantLargeAmount",
                "RiskyMerchant");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON          | {\"version\":                                                          | Not a valid rule set",
            "unknown rule type | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"TELEPATHY\",\"id\":\"x\"}]} | Not a valid rule set",
            "version zero      | {\"version\":0,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[]} | version must be at least 1",
            "thresholds        | {\"version\":2,\"review_threshold\":0.9,\"alert_threshold\":0.8,\"rules\":[]} | thresholds must satisfy",
            "no rules          | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8}            | rules is required",
            "bad score         | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"VELOCITY\",\"id\":\"v\",\"action\":\"ALERT\",\"score\":2,\"window\":\"PT1M\",\"max_count\":3}]} | rule v: score must be in (0, 1]",
            "allow action      | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"VELOCITY\",\"id\":\"v\",\"action\":\"ALLOW\",\"score\":0.5,\"window\":\"PT1M\",\"max_count\":3}]} | rule v: action must be REVIEW, ALERT or BLOCK",
            "window too long   | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"VELOCITY\",\"id\":\"v\",\"action\":\"ALERT\",\"score\":0.5,\"window\":\"P90D\",\"max_count\":3}]} | rule v: window must be",
            "duplicate ids     | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"BLACKLIST\",\"id\":\"b\",\"action\":\"BLOCK\",\"score\":0.9},{\"type\":\"BLACKLIST\",\"id\":\"b\",\"action\":\"BLOCK\",\"score\":0.9}]} | rule id b is used twice",
            // Found in review (issue 22): a null limit was a NullPointerException (a 500, and on the topic a failed channel)
            "null limit        | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"HIGH_AMOUNT\",\"id\":\"h\",\"action\":\"ALERT\",\"score\":0.5,\"default_limit_eur\":5000,\"block_multiple\":10,\"limits\":{\"EUR\":null}}]} | rule h: limits.EUR must be a number, not null",
            "null number       | {\"version\":2,\"review_threshold\":null,\"alert_threshold\":0.8,\"rules\":[]} | review_threshold",
            "null rule         | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[null]} | rules must not contain null",
            "null list entry   | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"BLACKLIST\",\"id\":\"b\",\"action\":\"BLOCK\",\"score\":0.9,\"accounts\":[null]}]} | rule b: accounts entries must be non-empty",
            "unknown field     | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[],\"enabled\":false} | enabled",
            "unknown rule field| {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"BLACKLIST\",\"id\":\"b\",\"action\":\"BLOCK\",\"score\":0.9,\"disabled\":true}]} | disabled",
            "unknown type      | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"ALLOW_ALL\",\"id\":\"a\",\"action\":\"BLOCK\",\"score\":0.9}]} | ALLOW_ALL",
            "trailing tokens   | {\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[]} {} | Not a valid rule set",
            "body null         | null | the body is null",
    })
    void refusesABrokenRuleSetSayingWhatIsWrong(String description, String json, String message) {
        assertThatThrownBy(() -> DefaultScoring.parseRules(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void capsRulesAndListsAndTheDescription() {
        String velocity = "{\"type\":\"VELOCITY\",\"id\":\"v%d\",\"action\":\"ALERT\",\"score\":0.5,\"window\":\"PT1M\",\"max_count\":3}";
        String many = java.util.stream.IntStream.range(0, RuleSet.MAX_RULES + 1).mapToObj(velocity::formatted)
                .collect(java.util.stream.Collectors.joining(","));
        assertThatThrownBy(() -> parse("{\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[" + many + "]}"))
                .hasMessageContaining("rules has 101 rules; at most 100");
        String accounts = java.util.stream.IntStream.range(0, 10_001).mapToObj(i -> "\"acc-" + i + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        assertThatThrownBy(() -> parse("{\"version\":2,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":["
                + "{\"type\":\"BLACKLIST\",\"id\":\"b\",\"action\":\"BLOCK\",\"score\":0.9,\"accounts\":[" + accounts + "]}]}"))
                .hasMessageContaining("rule b: accounts has 10001 entries; at most 10000");
        assertThatThrownBy(() -> parse("{\"version\":2,\"description\":\"" + "x".repeat(1001)
                + "\",\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[]}"))
                .hasMessageContaining("description has 1001 characters; at most 1000");
    }

    /** What the API publishes to the topic is read back by every instance as the same rule set. */
    @Test
    void aRuleSetSurvivesItsOwnJson() {
        RuleSet shipped = DefaultScoring.rules();
        assertThat(DefaultScoring.parseRules(DefaultScoring.json(shipped.as(7, "why")))).isEqualTo(shipped.as(7, "why"));
    }

    private static RuleSet parse(String json) {
        return DefaultScoring.parseRules(json.getBytes(StandardCharsets.UTF_8));
    }
}
