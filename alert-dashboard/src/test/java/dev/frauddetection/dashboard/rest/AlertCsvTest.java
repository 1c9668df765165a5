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
        assertThat(AlertCsv.text("+1+1")).isEqualTo("'+1+1");
        assertThat(AlertCsv.text("-2+3")).isEqualTo("'-2+3");
        // OWASP: a leading tab or carriage return starts a formula too in some spreadsheets (missed before, issue 22)
        assertThat(AlertCsv.text("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(AlertCsv.text("\r=1+1")).isEqualTo("'\r=1+1");
        assertThat(AlertCsv.text("acc-1")).isEqualTo("acc-1");
    }
}
