package dev.openirn.server.ewaybill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.server.ewaybill.EwayBillLifecycle.Event;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EwayBillLifecycleTest {

    @Test
    void everyStatusIsReachableFromANewBill() {
        Set<EwayBillStatus> reached = EnumSet.noneOf(EwayBillStatus.class);
        EwayBillLifecycle.MOVES.forEach(move -> reached.add(move.to()));
        assertThat(reached).containsExactlyInAnyOrder(EwayBillStatus.values());
    }

    @Test
    void aFinalBillNeverGoesBackToNic() {
        assertThat(EwayBillLifecycle.next(EwayBillStatus.PENDING, Event.SENT)).isEqualTo(EwayBillStatus.QUEUED);
        assertThat(EwayBillLifecycle.next(EwayBillStatus.FAILED_RETRIABLE, Event.GENERATED)).isEqualTo(EwayBillStatus.GENERATED);
        assertThat(EwayBillLifecycle.sources(Event.SENT)).doesNotContain(EwayBillStatus.GENERATED, EwayBillStatus.CANCELLED,
                EwayBillStatus.FAILED_TERMINAL);
        assertThatThrownBy(() -> EwayBillLifecycle.next(EwayBillStatus.CANCELLED, Event.GENERATED))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EwayBillLifecycle.next(EwayBillStatus.REJECTED, Event.CANCELLED))
                .isInstanceOf(IllegalStateException.class);
        // Only a bill NIC never generated may be sent again.
        assertThat(EwayBillLifecycle.sources(Event.RESUBMITTED)).containsExactly(EwayBillStatus.FAILED_TERMINAL);
    }
}
