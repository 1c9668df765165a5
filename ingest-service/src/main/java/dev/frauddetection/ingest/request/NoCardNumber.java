package dev.frauddetection.ingest.request;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;

/** Text that holds no full card number, whatever separates its digits ({@link CardNumbers}). Null is allowed. */
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoCardNumber.Validator.class)
public @interface NoCardNumber {

    String message() default "must not hold a card number (12 to 19 digits that pass the Luhn check)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NoCardNumber, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return !CardNumbers.holdsCardNumber(value);
        }
    }
}
