package dev.frauddetection.detector.pipeline;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Groups the items of a stream, up to {@code max} at a time: a group is handed over when it is full, or once its first
 * item has waited {@code linger} (as a Kafka producer's {@code linger.ms} does for its batches). The change events
 * of a busy stream are judged together, so that their accounts' histories can be brought into the CPU's caches at
 * once ({@link dev.frauddetection.detector.scoring.ScoringEngine#prefetch}); a lone event waits at most the linger.
 * Each item keeps its own acknowledgement; only the hand-over is grouped.
 *
 * <p>Why a linger and not "what is already waiting": SmallRye hands each Kafka record over in its own task of the
 * consumer's event loop, and asks for the next one only after the previous one went out (the payload conversion step
 * of {@code @Incoming} methods requests one message at a time, and each request hops through the event loop), so no
 * event-loop task ever sees two records. Why not Mutiny's {@code group().intoLists().of(size, duration)}: when its
 * timer fires while the consumer has not asked for the next group it fails the stream with
 * {@code BackPressureFailure} (Mutiny 3.2.1).
 *
 * <p>Timers run on the Vert.x context the first item of a group arrived on; an item arriving outside any Vert.x
 * context is a group on its own, unless it came synchronously within a request upstream: those form one group,
 * handed over when the request returns. Backpressure: upstream is asked for at most {@code max} items beyond what has
 * been handed over, and only while downstream has asked for a group, so at most one group waits here. Signals to
 * downstream are serialized.
 *
 * @param <T> the items
 */
final class WaitingGroups<T> implements Flow.Publisher<List<T>> {

    private final Flow.Publisher<T> upstream;
    private final int max;
    private final long lingerMillis;

    private WaitingGroups(Flow.Publisher<T> upstream, int max, long lingerMillis) {
        this.upstream = upstream;
        this.max = max;
        this.lingerMillis = lingerMillis;
    }

    /**
     * Groups of at most {@code max} items of {@code upstream}, each handed over when full or once its first item has
     * waited {@code linger} (at least a millisecond, Vert.x timers' unit).
     */
    static <T> Flow.Publisher<List<T>> of(Flow.Publisher<T> upstream, int max, Duration linger) {
        if (max < 1) {
            throw new IllegalArgumentException("A group holds at least one item, not " + max);
        }
        if (linger.isNegative() || linger.isZero()) {
            throw new IllegalArgumentException("A group's linger must be positive, not " + linger);
        }
        return new WaitingGroups<>(Objects.requireNonNull(upstream), max, Math.max(1, linger.toMillis()));
    }

    @Override
    public void subscribe(Flow.Subscriber<? super List<T>> downstream) {
        upstream.subscribe(new Grouper<>(downstream, max, lingerMillis));
    }

    private static final class Grouper<T> implements Flow.Subscriber<T>, Flow.Subscription {

        private final Flow.Subscriber<? super List<T>> downstream;
        private final int max;
        private final long lingerMillis;
        private final AtomicInteger draining = new AtomicInteger();

        // Guarded by this.
        private Flow.Subscription subscription;
        private List<T> filling;
        /** Which group is filling: a linger timer set for an earlier group that was handed over full does nothing. */
        private long generation;
        private final ArrayDeque<List<T>> ready = new ArrayDeque<>();
        /** Groups downstream asked for and has not received. */
        private long demand;
        /** Items asked of upstream and not received. */
        private int outstanding;
        /** Inside a request upstream: what arrives synchronously joins one group, handed over when it returns. */
        private boolean requesting;
        private boolean done;
        private Throwable failure;
        private boolean cancelled;
        private boolean terminated;

        Grouper(Flow.Subscriber<? super List<T>> downstream, int max, long lingerMillis) {
            this.downstream = downstream;
            this.max = max;
            this.lingerMillis = lingerMillis;
            this.filling = new ArrayList<>(max);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            synchronized (this) {
                if (this.subscription != null) {
                    subscription.cancel();
                    return;
                }
                this.subscription = subscription;
            }
            downstream.onSubscribe(this);
        }

        @Override
        public void onNext(T item) {
            boolean flushLater = false;
            long group;
            synchronized (this) {
                if (cancelled || done) {
                    return;
                }
                filling.add(item);
                outstanding--;
                group = generation;
                if (filling.size() == max) {
                    handOverFilling();
                } else if (filling.size() == 1 && !requesting) {
                    flushLater = true;
                }
            }
            if (flushLater) {
                Context context = Vertx.currentContext();
                if (context != null) {
                    // The timer's handler runs on this context; a group handed over full before it fires is not
                    // flushed by it (generation).
                    context.owner().setTimer(lingerMillis, ignored -> flush(group));
                } else {
                    flush(group);
                    return;
                }
            }
            drain();
        }

        @Override
        public void onError(Throwable error) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                failure = error;
                if (!filling.isEmpty()) {
                    handOverFilling();
                }
            }
            drain();
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                if (!filling.isEmpty()) {
                    handOverFilling();
                }
            }
            drain();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                downstream.onError(new IllegalArgumentException("Requested " + n + " groups; must be positive"));
                return;
            }
            synchronized (this) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            drain();
        }

        @Override
        public void cancel() {
            Flow.Subscription upstream;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                upstream = subscription;
                ready.clear();
                filling = new ArrayList<>();
            }
            if (upstream != null) {
                upstream.cancel();
            }
        }

        private void flush(long group) {
            synchronized (this) {
                if (group == generation && !filling.isEmpty()) {
                    handOverFilling();
                }
            }
            drain();
        }

        /** Under the lock. */
        private void handOverFilling() {
            ready.add(filling);
            filling = new ArrayList<>(max);
            generation++;
        }

        /** Hands over ready groups while asked for, then asks upstream for more; one thread at a time. */
        private void drain() {
            if (draining.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (true) {
                    List<T> group;
                    Throwable terminal = null;
                    boolean complete = false;
                    synchronized (this) {
                        if (cancelled || terminated) {
                            return;
                        }
                        if (demand > 0 && !ready.isEmpty()) {
                            demand--;
                            group = ready.poll();
                        } else if (done && ready.isEmpty() && filling.isEmpty()) {
                            terminated = true;
                            group = null;
                            terminal = failure;
                            complete = failure == null;
                        } else {
                            break;
                        }
                    }
                    if (group != null) {
                        downstream.onNext(group);
                    } else {
                        if (complete) {
                            downstream.onComplete();
                        } else {
                            downstream.onError(terminal);
                        }
                        return;
                    }
                }
                if (requestUpstream()) {
                    // A group came synchronously within the request: hand it over in another round.
                    draining.incrementAndGet();
                }
                missed = draining.addAndGet(-missed);
            } while (missed != 0);
        }

        /**
         * Tops the items asked of upstream up to a group's worth while downstream waits for a group and none is ready.
         * Items upstream delivers synchronously within the request form one group, handed over when it returns; true
         * if a group is ready.
         */
        private boolean requestUpstream() {
            Flow.Subscription upstream;
            int more;
            synchronized (this) {
                if (cancelled || done || requesting || demand == 0 || !ready.isEmpty()) {
                    return false;
                }
                more = max - outstanding - filling.size();
                if (more <= 0) {
                    return false;
                }
                outstanding += more;
                requesting = true;
                upstream = subscription;
            }
            try {
                upstream.request(more);
            } finally {
                synchronized (this) {
                    requesting = false;
                    if (!filling.isEmpty()) {
                        handOverFilling();
                    }
                }
            }
            synchronized (this) {
                return !ready.isEmpty();
            }
        }
    }
}
