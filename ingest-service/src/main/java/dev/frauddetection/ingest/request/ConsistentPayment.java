package dev.frauddetection.ingest.request;

import dev.frauddetection.ingest.request.NewTransaction;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Currency;

import static java.lang.annotation.ElementType.TYPE;

/**
 * Rules that span fields of a payment, each reported on the field a client must fix:
 * the amount has no more decimals than its currency (JPY has none), a card fingerprint is not a card number, a
 * location is both lat and lon or neither, and the event time is not in the future (beyond a little clock skew) nor
 * before 2000.
 */
@Target(TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ConsistentPayment.Validator.class)
public @interface ConsistentPayment {

    String message() default "inconsistent payment";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ConsistentPayment, NewTransaction> {

        static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
        static final OffsetDateTime EARLIEST = OffsetDateTime.parse("2000-01-01T00:00:00Z");
        /**
         * 12 to 19 digits, optionally grouped by the separators {@link CardNumbers} knows: the shape of a primary
         * account number. Whether or not it passes Luhn, so that the API refuses at least every fingerprint the
         * database's constraint refuses (V3__no_card_numbers.sql), never leaving one to fail at the insert.
         */
        static final java.util.regex.Pattern CARD_NUMBER = java.util.regex.Pattern.compile("\\d([ ._/-]?\\d){11,18}");

        @Override
        public boolean isValid(NewTransaction tx, ConstraintValidatorContext context) {
            if (tx == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            if (tx.amount() != null && tx.currency() != null && decimalsOf(tx.currency()) >= 0
                    && tx.amount().stripTrailingZeros().scale() > decimalsOf(tx.currency())) {
                valid = violation(context, "amount", "has more decimals than " + tx.currency() + " allows ("
                        + decimalsOf(tx.currency()) + ")");
            }
            if (tx.cardFingerprint() != null && CARD_NUMBER.matcher(tx.cardFingerprint()).matches()) {
                valid = violation(context, "cardFingerprint", "looks like a card number; send a token, never the number");
            }
            if ((tx.lat() == null) != (tx.lon() == null)) {
                valid = violation(context, tx.lat() == null ? "lat" : "lon", "must be given together with "
                        + (tx.lat() == null ? "lon" : "lat"));
            }
            if (tx.createdAt() != null && tx.createdAt().isAfter(OffsetDateTime.now().plus(CLOCK_SKEW))) {
                valid = violation(context, "createdAt", "must not be in the future");
            }
            if (tx.createdAt() != null && tx.createdAt().isBefore(EARLIEST)) {
                valid = violation(context, "createdAt", "must not be before 2000-01-01");
            }
            return valid;
        }

        private static int decimalsOf(String currency) {
            try {
                return Currency.getInstance(currency).getDefaultFractionDigits();
            } catch (IllegalArgumentException unknown) {
                return -1;
            }
        }

        private static boolean violation(ConstraintValidatorContext context, String field, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
            return false;
        }
    }
}
