package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.model.AlertRecord;

import java.util.List;

/**
 * Alerts as RFC 4180 CSV: a header row, CRLF line ends, fields with a comma, quote or line break quoted and their
 * quotes doubled. A text field that starts with = + - @, a tab or a carriage return (what spreadsheets read as the
 * start of a formula, per OWASP's CSV injection guidance) is prefixed with a quote mark so opening the export never
 * runs anything.
 */
final class AlertCsv {

    private static final String HEADER = "transaction_id,account_id,merchant_id,card,amount,currency,score,decision,"
            + "rules,reasons,model_version,event_time,decided_at,triage,triaged_by,triaged_at";

    private AlertCsv() {
    }

    static String write(List<AlertRecord> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (AlertRecord r : rows) {
            line(out, text(r.transactionId()), text(r.accountId()), text(r.merchantId()), text(r.card()),
                    r.amount(), r.currency(), Double.toString(r.score()), r.decision(),
                    text(String.join(";", r.rules())), text(String.join("; ", r.reasons())), text(r.modelVersion()),
                    str(r.eventTime()), str(r.decidedAt()), r.triage() == null ? "" : r.triage().name(),
                    text(r.triagedBy()), str(r.triagedAt()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(fields[i] == null ? "" : fields[i]));
        }
        out.append("\r\n");
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }

    private static String str(Object value) {
        return value == null ? "" : value.toString();
    }
}
