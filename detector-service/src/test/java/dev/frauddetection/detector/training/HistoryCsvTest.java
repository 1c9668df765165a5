package dev.frauddetection.detector.training;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.training.HistoryCsv.Format;
import dev.frauddetection.detector.training.HistoryCsv.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Histories as users have them load, and every bad row is named by line and column. What was tried: zero, negative,
 * worded and infinite amounts; missing and empty required columns; every time form a bank exports (ISO with and
 * without a zone, a space between date and time, epoch milliseconds, a pattern of its own); a label that is not yes
 * or no; an open quote; an unknown name in --map.
 */
class HistoryCsvTest {

    private static final String HEADER = "transaction_id,timestamp,account_id,merchant_id,amount\n";

    @Test
    void aZeroAmountIsAPaymentAndEveryTimeFormLoadsAsUtc(@TempDir Path dir) throws IOException {
        Path file = write(dir, HEADER + """
                t1,2026-11-20T10:15:30Z,a,m,0
                t2,2026-11-20T10:15:31+01:00,a,m,1.5
                t3,2026-11-20T10:15:32,a,m,2
                t4,2026-11-20 10:15:33,a,m,3
                t5,1795169734000,a,m,4
                """);

        List<Payment> payments = HistoryCsv.readPayments(file);

        assertThat(payments).extracting(Payment::id).containsExactly("t2", "t1", "t3", "t4", "t5");
        assertThat(payments.get(1).amount()).isZero();
        assertThat(payments.get(0).time()).isEqualTo(Instant.parse("2026-11-20T09:15:31Z").toEpochMilli());
        assertThat(payments.get(2).time()).isEqualTo(Instant.parse("2026-11-20T10:15:32Z").toEpochMilli());
        assertThat(payments.get(3).time()).isEqualTo(Instant.parse("2026-11-20T10:15:33Z").toEpochMilli());
        assertThat(payments.get(4).time()).isEqualTo(1795169734000L);
    }

    @Test
    void aBadRowNamesItsLineAndColumnAndStopsTheRead(@TempDir Path dir) throws IOException {
        String[][] cases = {
                {"t1,2026-11-20T10:15:30Z,a,m,-1", "line 2, column amount: must be a number of 0 or more, got -1"},
                {"t1,2026-11-20T10:15:30Z,a,m,ten", "line 2, column amount: must be a number, got 'ten'"},
                {"t1,2026-11-20T10:15:30Z,a,m,Infinity", "line 2, column amount: must be a number of 0 or more"},
                {"t1,2026-11-20T10:15:30Z,,m,1", "line 2, column account_id: is empty"},
                {"t1,20/11/2026,a,m,1", "line 2, column timestamp: must be ISO-8601"},
                {"t1,2026-11-20T10:15:30Z,a,\"m,1", "not valid CSV"}};
        for (String[] c : cases) {
            Path file = write(dir, HEADER + c[0] + "\n");
            assertThatThrownBy(() -> HistoryCsv.readPayments(file)).as(c[0])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c[1]);
        }
        Path noAmount = write(dir, "transaction_id,timestamp,account_id,merchant_id\nt1,2026-11-20T10:15:30Z,a,m\n");
        assertThatThrownBy(() -> HistoryCsv.readPayments(noAmount)).hasMessageContaining("column amount: is missing");
        Path labels = write(dir, "transaction_id,is_fraud\nt1,maybe\n");
        assertThatThrownBy(() -> HistoryCsv.readLabels(labels))
                .hasMessageContaining("line 2, column is_fraud: must be true, false, 1 or 0, got 'maybe'");
    }

    @Test
    void skippingCountsTheBadRowsAndKeepsTheRest(@TempDir Path dir) throws IOException {
        Path file = write(dir, HEADER + """
                t1,2026-11-20T10:15:30Z,a,m,1
                t2,2026-11-20T10:15:31Z,a,m,-1
                t3,yesterday,a,m,1
                t4,2026-11-20T10:15:33Z,a,m,4
                """);

        HistoryCsv.Read<List<Payment>> read = HistoryCsv.readPayments(file, Format.of(null, null, true));

        assertThat(read.rows()).extracting(Payment::id).containsExactly("t1", "t4");
        assertThat(read.skipped()).isEqualTo(2);
        assertThat(read.firstProblems()).hasSize(2);
        assertThat(read.firstProblems().get(1)).contains("line 4, column timestamp");
    }

    @Test
    void aBanksColumnsAndTimePatternAreMapped(@TempDir Path dir) throws IOException {
        Path file = write(dir, """
                TX_ID,TX_DATETIME,CUSTOMER_ID,TERMINAL_ID,TX_AMOUNT,TX_FRAUD
                7,20/11/2026 10:15,c1,t9,12.5,1
                """);
        String map = "transaction_id=TX_ID,timestamp=TX_DATETIME,account_id=CUSTOMER_ID,merchant_id=TERMINAL_ID,"
                + "amount=TX_AMOUNT,is_fraud=TX_FRAUD";
        Format format = Format.of(map, "dd/MM/yyyy HH:mm", false);

        Payment payment = HistoryCsv.readPayments(file, format).rows().get(0);
        Map<String, Label> labels = HistoryCsv.readLabels(file, format).rows();

        assertThat(payment.id()).isEqualTo("7");
        assertThat(payment.accountId()).isEqualTo("c1");
        assertThat(payment.merchantId()).isEqualTo("t9");
        assertThat(payment.time()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z").toEpochMilli());
        assertThat(labels).containsEntry("7", new Label(true, null));
        assertThatThrownBy(() -> HistoryCsv.readPayments(file, Format.of("transaction_id=TX_ID", null, false)))
                .hasMessageContaining("line 2, column account_id: is missing");
        assertThatThrownBy(() -> HistoryCsv.readPayments(file, Format.of(map, null, false)))
                .hasMessageContaining("line 2, column TX_DATETIME (timestamp): must be ISO-8601");
        assertThatThrownBy(() -> Format.of("amount", null, false)).hasMessageContaining("name=column pairs");
        assertThatThrownBy(() -> Format.of("txid=TX_ID", null, false))
                .hasMessageContaining("'txid' is not a column of the history format");
        assertThatThrownBy(() -> Format.of(null, "yyyy-MM-dd'T", false)).hasMessageContaining("--time-format");
    }

    private static Path write(Path dir, String content) throws IOException {
        Path file = Files.createTempFile(dir, "history", ".csv");
        Files.writeString(file, content);
        return file;
    }
}
