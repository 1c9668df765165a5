package dev.frauddetection.detector.alerts;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertBacklogTest {

    @Test
    void hasRoomUntilTheLimitWaits() {
        AlertBacklog backlog = new AlertBacklog(2);
        assertThat(backlog.hasRoom()).isTrue();
        backlog.waiting();
        assertThat(backlog.hasRoom()).isTrue();
        backlog.waiting();

        assertThat(backlog.hasRoom()).isFalse();
        assertThat(backlog.size()).isEqualTo(2);
    }

    @Test
    void aPipelineWaitingForRoomGoesOnWhenOneAlertIsStored() {
        AlertBacklog backlog = new AlertBacklog(1);
        backlog.waiting();

        UniAssertSubscriber<Void> first = backlog.room().subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Void> second = backlog.room().subscribe().withSubscriber(UniAssertSubscriber.create());
        first.assertNotTerminated();
        second.assertNotTerminated();

        backlog.done();

        first.assertCompleted();
        second.assertCompleted();
        assertThat(backlog.hasRoom()).isTrue();
    }

    @Test
    void roomIsThereAtOnceWhenFewerThanTheLimitWait() {
        AlertBacklog backlog = new AlertBacklog(3);
        backlog.waiting();

        backlog.room().subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted();
    }

    @Test
    void fillingUpAgainAfterRoomWasMadeMakesTheNextWaiterWait() {
        AlertBacklog backlog = new AlertBacklog(1);
        backlog.waiting();
        UniAssertSubscriber<Void> before = backlog.room().subscribe().withSubscriber(UniAssertSubscriber.create());
        backlog.done();
        before.assertCompleted();

        backlog.waiting();
        UniAssertSubscriber<Void> after = backlog.room().subscribe().withSubscriber(UniAssertSubscriber.create());

        after.assertNotTerminated();
        backlog.done();
        after.assertCompleted();
    }

    @Test
    void refusesABacklogThatHoldsNothing() {
        assertThatThrownBy(() -> new AlertBacklog(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
