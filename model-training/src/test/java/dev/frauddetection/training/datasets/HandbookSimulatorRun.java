package dev.frauddetection.training.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Writes a small history of the handbook's simulator for a test (seed 0). */
public final class HandbookSimulatorRun {

    private HandbookSimulatorRun() {
    }

    public static void write(Path dir, int customers, int terminals, int days, int delayDays) {
        try {
            HandbookSimulator.run(HandbookSimulator.parseArgs(new String[]{dir.toString(), "--customers",
                    String.valueOf(customers), "--terminals", String.valueOf(terminals), "--days", String.valueOf(days),
                    "--delay-days", String.valueOf(delayDays)}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (HandbookSimulator.UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
