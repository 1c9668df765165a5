package dev.frauddetection.logging;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * No card number reaches a log. Every record's message, once formatted with its parameters, has each run of 12 to 19
 * digits that passes the Luhn check (whatever single separators sit between the digits) cut to its last 4, before
 * any handler writes it: payloads, parsers' error messages and rule sets end up in log lines, and a payment card
 * number must not (PCI DSS 3.3). Installed by each service with {@code quarkus.log.console.filter=card-numbers}.
 *
 * <p>A filter that rewrites rather than drops: it always answers true. Stack traces are not rewritten; the services
 * log exceptions' messages, not the payloads inside them, where a payload could be.
 */
@LoggingFilter(name = "card-numbers")
public final class CardNumberLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String masked = CardNumberMask.mask(formatted);
        if (masked != formatted) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(masked);
            }
            record.setParameters(null);
        }
        return true;
    }
}
