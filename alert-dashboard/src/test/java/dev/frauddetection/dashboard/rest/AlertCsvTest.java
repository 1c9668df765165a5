package dev.frauddetection.dashboard.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertCsvTest {

    @Test
    void quotesFieldsWithCommasQuotesAndLineBreaks() {
        assertThat(AlertCsv.quote("plain")).isEqualTo("plain");
        assertThat(AlertCsv.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(AlertCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AlertCsv.quote("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void neutralisesSpreadsheetFormulas() {
        assertThat(AlertCsv.text("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(AlertCsv.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AlertCsv.text("acc-1")).isEqualTo("acc-1");
    }
}
