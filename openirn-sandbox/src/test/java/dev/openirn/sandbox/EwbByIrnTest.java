package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.testing.MutableClock;
import dev.openirn.nic.NicClient;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicResult;
import dev.openirn.nic.ewaybill.EwbClient;
import dev.openirn.nic.ewaybill.EwbOutcome;
import dev.openirn.nic.ewaybill.EwbValues;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** E-way bills through the IRP land in the e-way bill system's store: readable and cancellable there, blocking IRN cancel. */
class EwbByIrnTest {

    final MutableClock clock = new MutableClock(EwbClientAgainstSandboxTest.START);
    final NicCredentials seller = new NicCredentials(TestInvoices.SELLER, "sandbox", "Sandbox@123");
    RunningIrpSandbox sandbox;
    NicClient irp;
    EwbClient ewb;

    @BeforeEach
    void start() {
        sandbox = IrpSandbox.builder().dataSource(TestDatabase.dataSource()).schema(TestDatabase.freshSchema())
                .clock(clock).start();
        irp = new NicClient(new NicClientConfig(URI.create(sandbox.baseUrl()), sandbox.clientId(), sandbox.clientSecret(),
                sandbox.encryptionPublicKey(), sandbox.signingCertificate(), Duration.ofSeconds(3),
                NicClientConfig.DEFAULT_REFRESH_BEFORE_EXPIRY), clock);
        ewb = new EwbClient(EwbClientAgainstSandboxTest.config(sandbox), clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    String registerInvoice(String docNo) {
        NicResult generated = irp.generate(seller, NicJson.write(TestInvoices.b2b(docNo, EwbClientAgainstSandboxTest.TODAY)));
        assertThat(generated).isInstanceOf(NicResult.Success.class);
        return ((NicResult.Success) generated).irn();
    }

    static String byIrn(String irn, int distance, String vehicle) {
        return NicJson.write(NicJson.object().put("Irn", irn).put("Distance", distance).put("TransMode", "1")
                .put("VehNo", vehicle).put("VehType", "R"));
    }

    @Test
    void anEwbMadeThroughTheIrpIsTheEwbSystemsBillAndBlocksIrnCancel() {
        String irn = registerInvoice("IRN-EWB-1");
        NicResult made = irp.generateEwayBill(seller, byIrn(irn, 0, "KA01AB1234"));
        assertThat(made).isInstanceOf(NicResult.Success.class);
        JsonNode data = ((NicResult.Success) made).data();
        long ewbNo = data.get("EwbNo").asLong();
        assertThat(String.valueOf(ewbNo)).matches("291\\d{9}");
        assertThat(data.get("EwbDt").asString()).isEqualTo("2026-05-14 10:15:27");
        // 560001 to 400001 is 1702 km in the sandbox's PIN table: nine days.
        assertThat(data.get("EwbValidTill").asString()).isEqualTo("2026-05-23 23:59:00");
        assertThat(data.get("Remarks").asString()).isEqualTo("Pin-Pin calc distance: 1702KM");

        assertThat(irp.generateEwayBill(seller, byIrn(irn, 0, "KA01AB1234")))
                .isInstanceOfSatisfying(NicResult.Rejected.class, rejected -> assertThat(rejected.hasCode("4002")).isTrue());
        JsonNode read = ((NicResult.Success) irp.getEwayBillByIrn(seller, irn)).data();
        assertThat(read.get("EwbNo").asLong()).isEqualTo(ewbNo);
        assertThat(read.get("Status").asString()).isEqualTo("ACT");
        assertThat(read.get("GenGstin").asString()).isEqualTo(TestInvoices.SELLER);

        EwbValues.EwayBill inEwbSystem = ewb.getEwayBill(seller, ewbNo).value();
        assertThat(inEwbSystem.docNo()).isEqualTo("IRN-EWB-1");
        assertThat(inEwbSystem.toGstin()).isEqualTo(TestInvoices.BUYER);
        assertThat(inEwbSystem.actualDist()).isEqualTo(1702);
        assertThat(inEwbSystem.record().get("irn").asString()).isEqualTo(irn);
        assertThat(ewb.getByDocument(seller, "INV", "IRN-EWB-1").value().ewayBillNo()).isEqualTo(ewbNo);

        assertThat(irp.cancel(seller, irn, "1", "duplicate"))
                .isInstanceOfSatisfying(NicResult.Rejected.class, rejected -> assertThat(rejected.hasCode("2230")).isTrue());
        assertThat(ewb.cancel(seller, ewbNo, 1, "Duplicate")).isInstanceOf(EwbOutcome.Ok.class);
        assertThat(((NicResult.Success) irp.getEwayBillByIrn(seller, irn)).data().get("Status").asString()).isEqualTo("CNL");
        assertThat(irp.cancel(seller, irn, "1", "duplicate")).isInstanceOf(NicResult.Success.class);
        assertThat(irp.generateEwayBill(seller, byIrn(irn, 0, "KA01AB1234")))
                .isInstanceOfSatisfying(NicResult.Rejected.class, rejected -> assertThat(rejected.hasCode("4000")).isTrue());
    }

    @Test
    void theIrpAnswersWithItsOwnCodesForTheSameRules() {
        String irn = registerInvoice("IRN-EWB-2");
        assertCode(irp.generateEwayBill(seller, NicJson.write(NicJson.object().put("Irn", irn).put("Distance", 0))), "4019");
        assertCode(irp.generateEwayBill(seller, byIrn(irn, 0, "12KA1234")), "4014");
        assertCode(irp.generateEwayBill(seller, byIrn(irn, 2000, "KA01AB1234")), "4038");
        assertCode(irp.generateEwayBill(seller, NicJson.write(NicJson.object().put("Irn", irn).put("Distance", 10)
                .put("TransMode", "2").put("TransDocNo", "RR-1"))), "4023");
        assertCode(irp.generateEwayBill(seller, byIrn("0".repeat(64), 0, "KA01AB1234")), "4003");
        assertCode(irp.getEwayBillByIrn(seller, irn), "4005");

        // A Part-A slip: a transporter, no vehicle, no validity yet.
        NicResult slip = irp.generateEwayBill(seller, NicJson.write(NicJson.object().put("Irn", irn).put("Distance", 1700)
                .put("TransId", EwbClientAgainstSandboxTest.TRANSPORTER)));
        assertThat(slip).isInstanceOfSatisfying(NicResult.Success.class, success -> {
            assertThat(success.data().get("EwbValidTill").isNull()).isTrue();
            assertThat(success.data().get("Remarks").isNull()).isTrue();
        });
    }

    @Test
    void ewbDtlsInGenerateMakesARealEwayBillOrAnEwberrOnTheRegisteredIrn() {
        ObjectNode withEwb = TestInvoices.b2b("IRN-DTLS-1", EwbClientAgainstSandboxTest.TODAY);
        withEwb.putObject("EwbDtls").put("Distance", 0).put("TransMode", "1").put("VehNo", "KA01AB1234").put("VehType", "R");
        NicResult generated = irp.generate(seller, NicJson.write(withEwb));
        assertThat(generated).isInstanceOf(NicResult.Success.class);
        NicResult.Success success = (NicResult.Success) generated;
        long ewbNo = success.data().get("EwbNo").asLong();
        assertThat(String.valueOf(ewbNo)).matches("291\\d{9}");
        assertThat(success.data().get("EwbValidTill").asString()).isEqualTo("2026-05-23 23:59:00");
        assertThat(success.info()).singleElement().satisfies(info -> {
            assertThat(info.code()).isEqualTo("EWBPPD");
            assertThat(info.desc().asString()).isEqualTo("Pin-Pin calc distance: 1702KM");
        });
        assertThat(ewb.getEwayBill(seller, ewbNo).value().record().get("irn").asString()).isEqualTo(success.irn());
        assertCode(irp.cancel(seller, success.irn(), "1", "duplicate"), "2230");

        // An e-way bill that cannot be made does not fail the IRN: NIC reports it as EWBERR.
        ObjectNode partAWithoutTransporter = TestInvoices.b2b("IRN-DTLS-2", EwbClientAgainstSandboxTest.TODAY);
        partAWithoutTransporter.putObject("EwbDtls").put("Distance", 0);
        NicResult registered = irp.generate(seller, NicJson.write(partAWithoutTransporter));
        assertThat(registered).isInstanceOfSatisfying(NicResult.Success.class, irn -> {
            assertThat(irn.data().get("EwbNo").isNull()).isTrue();
            assertThat(irn.info()).singleElement().satisfies(info -> {
                assertThat(info.code()).isEqualTo("EWBERR");
                assertThat(info.desc().get(0).get("ErrorCode").asString()).isEqualTo("4019");
            });
        });
        assertThat(ewb.getByDocument(seller, "INV", "IRN-DTLS-2")).isInstanceOf(EwbOutcome.Refused.class);
    }

    static void assertCode(NicResult result, String code) {
        assertThat(result).isInstanceOfSatisfying(NicResult.Rejected.class,
                rejected -> assertThat(rejected.errors()).extracting("code").containsExactly(code));
    }
}
