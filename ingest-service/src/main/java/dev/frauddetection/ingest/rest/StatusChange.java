package dev.frauddetection.ingest.rest;

import dev.frauddetection.ingest.model.TransactionStatus;
import jakarta.validation.constraints.NotNull;

/** The status a payment should move to: SETTLED, REVERSED or CHARGEBACK (confirmed fraud). */
public record StatusChange(@NotNull TransactionStatus status) {
}
