package dev.frauddetection.ingest.request;

import dev.frauddetection.ingest.support.CallerTokens;
import dev.frauddetection.ingest.support.PaymentsDatabaseResource;
import dev.frauddetection.ingest.support.Rows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full card number is found whatever separates its digits, by the API's validator and by the database's constraint
 * alike, so no writer can store one. What was tried: Visa, Mastercard, Amex (15 digits) and 19-digit numbers, plain,
 * grouped by spaces, dots, dashes, underscores and slashes, behind a prefix ("pan:") or inside an identifier; numbers
 * that fail Luhn, are too short or too long, or are broken by double separators; and 3,000 random strings of digits,
 * separators and letters, each judged by both.
 */
@QuarkusTest
@WithTestResource(PaymentsDatabaseResource.class)
@WithTestResource(CallerTokens.class)
class CardNumbersTest {

    static final List<String> CARD_NUMBERS = List.of("4111111111111111", "4111 1111 1111 1111", "4111.1111.1111.1111",
            "4111-1111-1111-1111", "4111_1111_1111_1111", "4111/1111/1111/1111", "pan:4111111111111111",
            "acc4111111111111111x", "Shop 3782 822463 10005", "card 5555555555554444 used", "6011111111111117",
            "4000056655665556", "6759649826438453", "3530111333300000", "4111111111111111110"
    );
    static final List<String> NOT_CARD_NUMBERS = List.of("acc-121505", "4111111111111112", "411111111111",
            "41111111111111111111", "4111  1111 1111 1112", "4111x1111x1111x1111", "m-madrid-16", "fp-293a6174bbb92b45",
            "order 4000056655665557", "", "٤١١١١١١١١١١١١١١١");

    @Inject
    Rows rows;

    @Inject
    Pool pool;

    @Test
    void findsCardNumbersWhateverSeparatesTheirDigits() {
        assertThat(CARD_NUMBERS).allSatisfy(text -> assertThat(CardNumbers.holdsCardNumber(text)).as(text).isTrue());
        assertThat(NOT_CARD_NUMBERS).allSatisfy(text -> assertThat(CardNumbers.holdsCardNumber(text)).as(text).isFalse());
        assertThat(CardNumbers.holdsCardNumber(null)).isFalse();
    }

    @Test
    void theDatabaseJudgesEveryTextAsTheApiDoes() {
        List<String> texts = new ArrayList<>(CARD_NUMBERS);
        texts.addAll(NOT_CARD_NUMBERS);
        Random random = new Random(21);
        String alphabet = "0123456789012345678901234567890123456789 .-_/x:";
        for (int i = 0; i < 3_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = 10 + random.nextInt(25), k = 0; k < n; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(text.toString());
        }
        int found = 0;
        for (String text : texts) {
            boolean database = pool.preparedQuery("SELECT holds_card_number($1)").execute(Tuple.of(text)).await()
                    .atMost(Duration.ofSeconds(10)).iterator().next().getBoolean(0);
            assertThat(database).as("'%s'", text).isEqualTo(CardNumbers.holdsCardNumber(text));
            found += database ? 1 : 0;
        }
        // Both outcomes were exercised, not only "no card number".
        assertThat(found).isBetween(CARD_NUMBERS.size() + 50, texts.size() - NOT_CARD_NUMBERS.size() - 50);
    }

    @Test
    void noWriterCanStoreACardNumberInAnyTextColumn() {
        List<String> columns = List.of("account_id", "bank_id", "merchant_id", "merchant_name", "card_fingerprint");
        for (String column : columns) {
            List<Object> values = new ArrayList<>(List.of(UUID.randomUUID(), "acc-pan", "bank-pan", "m-pan", "Shop",
                    "fp-pan"));
            // The fingerprint is refused only as a card number as a whole (a hash may hold a run of digits).
            values.set(columns.indexOf(column) + 1, column.equals("card_fingerprint") ? "4111 1111 1111 1111"
                    : "x 4111 1111 1111 1111");
            long before = rows.transactions();
            assertThatThrownBy(() -> rows.execute(INSERT, values.toArray())).as(column)
                    .hasMessageContaining("transactions_no_card_number");
            assertThat(rows.transactions()).as(column).isEqualTo(before);
        }
        // A card-like number that fails Luhn, and a hash whose digits happen to make a card number, are stored.
        rows.execute(INSERT, UUID.randomUUID(), "acc-pan", "bank-pan", "m-pan", "order 4000056655665557",
                "fp-4111111111111111ab");
    }

    private static final String INSERT = """
            INSERT INTO transactions (id, account_id, bank_id, payment_system, channel, amount, currency,
              merchant_id, merchant_name, card_fingerprint, created_at)
            VALUES ($1, $2, $3, 'VISA', 'ONLINE', 10, 'EUR', $4, $5, $6, now())""";
}
