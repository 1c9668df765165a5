package dev.frauddetection.detector.alerts;

import io.smallrye.mutiny.Uni;

import java.util.concurrent.CompletableFuture;

/**
 * Alerts judged but not yet stored, bounded. Storing waits out a database outage and, in a burst, a queue of
 * thousands of alerts; each waiting alert holds its verdict in memory. Past the bound the pipeline waits for room
 * instead of judging more: consumption pauses, the lag grows in Kafka (where it is durable and visible) and drains
 * once the database catches up, and the heap stays bounded.
 */
public final class AlertBacklog {

    private final int limit;
    private int waiting;
    private CompletableFuture<Void> room = CompletableFuture.completedFuture(null);

    public AlertBacklog(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("An alert backlog must hold at least one alert, not " + limit);
        }
        this.limit = limit;
    }

    public synchronized boolean hasRoom() {
        return waiting < limit;
    }

    /** Completes (on the thread that frees a place, or at once) when fewer than the limit wait. */
    public synchronized Uni<Void> room() {
        if (waiting < limit) {
            return Uni.createFrom().voidItem();
        }
        if (room.isDone()) {
            room = new CompletableFuture<>();
        }
        return Uni.createFrom().completionStage(room);
    }

    /** An alert starts waiting to be stored. */
    public synchronized void waiting() {
        waiting++;
    }

    /** An alert waits no more (stored, or found stored already). */
    public void done() {
        CompletableFuture<Void> freed = null;
        synchronized (this) {
            waiting--;
            if (waiting < limit && !room.isDone()) {
                freed = room;
            }
        }
        if (freed != null) {
            freed.complete(null);
        }
    }

    public synchronized int size() {
        return waiting;
    }
}
