package dev.frauddetection.detector.rules;

import dev.frauddetection.detector.tools.DefaultScoring;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

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
    })
    void refusesABrokenRuleSetSayingWhatIsWrong(String description, String json, String message) {
        assertThatThrownBy(() -> DefaultScoring.parseRules(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
