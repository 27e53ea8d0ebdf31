package dev.openirn.server.irp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.nic.NicError;
import dev.openirn.nic.NicResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** How the NIC client's results read as {@link IrpAnswer}s. */
class NicAnswersTest {

    @Test
    void aCancelSuccessTakesTheIrpCancelDateInIst() {
        var data = JsonMapper.builder().build().createObjectNode().put("Irn", "ab").put("CancelDate", "2026-05-04 17:12:18");

        IrpAnswer answer = NicAnswers.ofCancel(new NicResult.Success(data, List.of()));

        assertThat(answer).isEqualTo(new IrpAnswer.Cancelled(Instant.parse("2026-05-04T11:42:18Z")));
    }

    @Test
    void irpSystemErrorsAreNotRejections() {
        IrpAnswer answer = NicAnswers.ofRegistration(
                new NicResult.Rejected(List.of(new NicError("5002", "Application error")), List.of()));

        assertThat(answer).isInstanceOf(IrpAnswer.SystemError.class);
    }

    @Test
    void aTimeoutIsNoAnswerWithItsReason() {
        IrpAnswer answer = NicAnswers.ofRegistration(new NicResult.TransportFailure(NicResult.TransportFailure.Kind.TIMEOUT, null));

        assertThat(answer).isEqualTo(new IrpAnswer.NoAnswer(IrpAnswer.NoAnswer.Reason.TIMEOUT, null));
    }
}
