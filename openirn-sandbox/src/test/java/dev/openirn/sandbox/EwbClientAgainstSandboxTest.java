package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.testing.MutableClock;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.ewaybill.EwbClient;
import dev.openirn.nic.ewaybill.EwbClientConfig;
import dev.openirn.nic.ewaybill.EwbOutcome;
import dev.openirn.nic.ewaybill.EwbValues;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The project's e-way bill client (openirn-nic) against the sandbox's e-way bill system over loopback HTTP: every
 * action, every window (with the sandbox clock moved), the error codes the rules produce, and sessions per tenant.
 */
class EwbClientAgainstSandboxTest {

    static final String SELLER = "29AAFCC9980M1ZR";
    static final String BUYER = "29AAACP7879D1Z0";
    static final String TRANSPORTER = "05AAACG2140A1ZL";
    static final String OTHER_TRANSPORTER = "05AAACG2115R1ZN";
    /** 10:15:27 IST on 14/05/2026. */
    static final Instant START = Instant.parse("2026-05-14T04:45:27Z");
    static final LocalDate TODAY = LocalDate.of(2026, 5, 14);

    final MutableClock clock = new MutableClock(START);
    final NicCredentials seller = new NicCredentials(SELLER, "sandbox", "Sandbox@123");
    final NicCredentials buyer = new NicCredentials(BUYER, "sandbox", "Sandbox@123");
    final NicCredentials transporter = new NicCredentials(TRANSPORTER, "sandbox", "Sandbox@123");
    final NicCredentials otherTransporter = new NicCredentials(OTHER_TRANSPORTER, "sandbox", "Sandbox@123");
    RunningIrpSandbox sandbox;
    EwbClient client;

    @BeforeEach
    void start() {
        sandbox = IrpSandbox.builder().dataSource(TestDatabase.dataSource()).schema(TestDatabase.freshSchema())
                .clock(clock).start();
        client = new EwbClient(config(sandbox), clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    static EwbClientConfig config(RunningIrpSandbox sandbox) {
        return EwbClientConfig.of(URI.create(sandbox.ewbBaseUrl()), sandbox.clientId(), sandbox.clientSecret(),
                        sandbox.ewbEncryptionPublicKey())
                .withRequestTimeout(Duration.ofSeconds(3));
    }

    /** An intra-state outward supply from 560001, with a vehicle on the road. */
    static ObjectNode ewayBill(String docNo, int toPin, int distance) {
        String json = """
                {"supplyType":"O","subSupplyType":"1","docType":"INV","docNo":"%s","docDate":"%s",
                 "fromGstin":"%s","fromTrdName":"Seller","fromAddr1":"1 MG Road","fromPlace":"Bengaluru","fromPincode":560001,
                 "fromStateCode":29,"actFromStateCode":29,
                 "toGstin":"%s","toTrdName":"Buyer","toAddr1":"2 Church Street","toPlace":"Bengaluru","toPincode":%d,
                 "toStateCode":29,"actToStateCode":29,"transactionType":1,
                 "totalValue":1000,"cgstValue":90,"sgstValue":90,"igstValue":0,"cessValue":0,"cessNonAdvolValue":0,
                 "otherValue":0,"totInvValue":1180,"transDistance":%d,
                 "transMode":"1","vehicleNo":"KA01AB1234","vehicleType":"R","transporterId":"","transDocNo":"","transDocDate":"",
                 "itemList":[{"productName":"Widget","hsnCode":"84713010","quantity":10,"qtyUnit":"NOS","cgstRate":9,
                              "sgstRate":9,"igstRate":0,"cessRate":0,"cessNonadvol":0,"taxableAmount":1000}]}
                """.formatted(docNo, TODAY.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")), SELLER, BUYER, toPin, distance);
        return (ObjectNode) NicJson.parse(json);
    }

    /** Part-A only: a transporter and no vehicle or transport document. */
    static ObjectNode partAOnly(String docNo, String transporterId) {
        ObjectNode bill = ewayBill(docNo, 110001, 0);
        bill.put("transporterId", transporterId).put("vehicleNo", "").put("transMode", "");
        return bill;
    }

    static String vehicleUpdate(long ewbNo, String vehicleNo) {
        return NicJson.write(NicJson.object().put("ewbNo", ewbNo).put("vehicleNo", vehicleNo).put("fromPlace", "Tumakuru")
                .put("fromState", 29).put("reasonCode", "1").put("reasonRem", "Break down").put("transDocNo", "")
                .put("transDocDate", "").put("transMode", "1").put("vehicleType", "R"));
    }

    static String extension(long ewbNo, int remaining) {
        return NicJson.write(NicJson.object().put("ewbNo", ewbNo).put("vehicleNo", "KA01AB9999").put("fromPlace", "Tumakuru")
                .put("fromState", 29).put("fromPincode", 572101).put("remainingDistance", remaining).put("transDocNo", "")
                .put("transDocDate", "").put("transMode", "1").put("extnRsnCode", 1).put("extnRemarks", "Flood")
                .put("consignmentStatus", "M").put("transitType", "").put("addressLine1", "").put("addressLine2", "")
                .put("addressLine3", ""));
    }

    static <T> T ok(EwbOutcome<T> outcome) {
        assertThat(outcome).isInstanceOf(EwbOutcome.Ok.class);
        return outcome.value();
    }

    static void refused(EwbOutcome<?> outcome, String... codes) {
        assertThat(outcome).isInstanceOfSatisfying(EwbOutcome.Refused.class,
                refused -> assertThat(((EwbOutcome.Refused<?>) refused).errors()).extracting("code").containsExactly((Object[]) codes));
    }

    EwbValues.Generated generate(ObjectNode bill) {
        return ok(client.generate(seller, NicJson.write(bill)));
    }

    // --- generate, Part-B, cancel, reads

    @Test
    void generateUpdateVehicleReadAndCancel() {
        EwbValues.Generated generated = generate(ewayBill("EWB-1", 560025, 0));
        assertThat(String.valueOf(generated.ewayBillNo())).matches("291\\d{9}");
        assertThat(generated.ewayBillDate()).isEqualTo("14/05/2026 10:15:27 AM");
        // 29 km, computed by the system from the PINs: one day, to midnight of the next day.
        assertThat(generated.alertDistance()).isEqualTo(29);
        assertThat(generated.validUpto()).isEqualTo("15/05/2026 11:59:00 PM");

        clock.advance(Duration.ofHours(2));
        EwbValues.VehicleUpdated updated = ok(client.updateVehicle(seller, vehicleUpdate(generated.ewayBillNo(), "KA 02 CD 5678")));
        assertThat(updated.vehUpdDate()).isEqualTo("14/05/2026 12:15:27 PM");
        assertThat(updated.validUpto()).as("later Part-B entries keep the validity").isEqualTo("15/05/2026 11:59:00 PM");

        EwbValues.EwayBill read = ok(client.getEwayBill(seller, generated.ewayBillNo()));
        assertThat(read.status()).isEqualTo("ACT");
        assertThat(read.actualDist()).isEqualTo(29);
        assertThat(read.vehicles()).extracting(EwbValues.Vehicle::vehicleNo).containsExactly("KA02CD5678", "KA01AB1234");
        assertThat(read.record().path("subSupplyType").asString()).isEqualTo("1  ");
        assertThat(ok(client.getEwayBill(buyer, generated.ewayBillNo())).ewbNo()).isEqualTo(generated.ewayBillNo());
        refused(client.getEwayBill(otherTransporter, generated.ewayBillNo()), "325");

        EwbValues.Cancelled cancelled = ok(client.cancel(seller, generated.ewayBillNo(), 2, "Order cancelled"));
        assertThat(cancelled.ewayBillNo()).isEqualTo(generated.ewayBillNo());
        assertThat(ok(client.getEwayBill(seller, generated.ewayBillNo())).status()).isEqualTo("CNL");
        refused(client.cancel(seller, generated.ewayBillNo(), 2, "again"), "312");
        refused(client.updateVehicle(seller, vehicleUpdate(generated.ewayBillNo(), "KA01AB1234")), "312");
        assertThat(sandbox.stats().ewbGenerated()).isEqualTo(1);
        assertThat(sandbox.stats().ewbCancellations()).isEqualTo(1);
    }

    @Test
    void validityFollowsDistanceAndCargoType() {
        // 560001 to 110001 is 1715 km in the sandbox's PIN table: nine days of 200 km.
        EwbValues.Generated regular = generate(ewayBill("EWB-REG", 110001, 0));
        assertThat(regular.alertDistance()).isEqualTo(1715);
        assertThat(regular.validUpto()).isEqualTo("23/05/2026 11:59:00 PM");
        // Over-dimensional cargo moves 20 km a day: 86 days.
        ObjectNode odc = ewayBill("EWB-ODC", 110001, 1715);
        odc.put("vehicleType", "O");
        EwbValues.Generated overDimensional = generate(odc);
        assertThat(overDimensional.alert()).isEmpty();
        assertThat(overDimensional.validUpto()).isEqualTo("08/08/2026 11:59:00 PM");
        // A bill generated just before midnight still gets the whole next day.
        clock.advance(Duration.ofHours(13).plusMinutes(40));
        assertThat(generate(ewayBill("EWB-LATE", 560025, 29)).validUpto()).isEqualTo("15/05/2026 11:59:00 PM");
    }

    @Test
    void partAOnlyHasNoValidityUntilTheFirstPartB() {
        EwbValues.Generated slip = generate(partAOnly("EWB-PA", TRANSPORTER));
        assertThat(slip.validUpto()).isNull();
        assertThat(ok(client.getEwayBill(seller, slip.ewayBillNo())).validUpto()).isNull();
        refused(client.generate(seller, NicJson.write(partAOnly("EWB-PA2", ""))), "619");

        // The assigned transporter enters Part-B two days later: validity runs from then.
        clock.advance(Duration.ofDays(2));
        refused(client.updateVehicle(seller, vehicleUpdate(slip.ewayBillNo(), "KA01AB1234")), "636");
        EwbValues.VehicleUpdated partB = ok(client.updateVehicle(transporter, vehicleUpdate(slip.ewayBillNo(), "KA01AB1234")));
        assertThat(partB.validUpto()).isEqualTo("25/05/2026 11:59:00 PM");
        EwbValues.EwayBill read = ok(client.getEwayBill(transporter, slip.ewayBillNo()));
        assertThat(read.vehicles()).singleElement().satisfies(row -> assertThat(row.userGstinTransin()).isEqualTo(TRANSPORTER));
    }

    @Test
    void updateTransporterOnlyByTheCurrentHolderBeforeItsPartB() {
        EwbValues.Generated slip = generate(partAOnly("EWB-TR", TRANSPORTER));
        refused(client.updateTransporter(seller, slip.ewayBillNo(), OTHER_TRANSPORTER), "339");
        refused(client.updateTransporter(transporter, slip.ewayBillNo(), "NOT-AN-ID"), "222");
        EwbValues.TransporterUpdated handedOver = ok(client.updateTransporter(transporter, slip.ewayBillNo(), OTHER_TRANSPORTER));
        assertThat(handedOver.ewayBillNo()).isEqualTo(slip.ewayBillNo());
        assertThat(handedOver.transporterId()).isEqualTo(OTHER_TRANSPORTER);
        assertThat(handedOver.transUpdateDate()).isEqualTo("14/05/2026 10:15:27 AM");

        ok(client.updateVehicle(otherTransporter, vehicleUpdate(slip.ewayBillNo(), "KA01AB1234")));
        refused(client.updateTransporter(otherTransporter, slip.ewayBillNo(), TRANSPORTER), "338");
        assertThat(ok(client.getEwayBill(seller, slip.ewayBillNo())).transporterId()).isEqualTo(OTHER_TRANSPORTER);
    }

    @Test
    void extendOnlyWithinEightHoursAroundExpiry() {
        EwbValues.Generated generated = generate(ewayBill("EWB-EXT", 560025, 29));
        refused(client.extendValidity(seller, extension(generated.ewayBillNo(), 20)), "382");

        // 16:15 on the last day: within the eight hours before 23:59.
        clock.advance(Duration.ofHours(30));
        refused(client.extendValidity(transporter, extension(generated.ewayBillNo(), 20)), "700");
        refused(client.extendValidity(seller, extension(generated.ewayBillNo(), 30)), "390");
        EwbValues.Extended extended = ok(client.extendValidity(seller, extension(generated.ewayBillNo(), 20)));
        assertThat(extended.ewayBillNo()).isEqualTo(generated.ewayBillNo());
        assertThat(extended.updatedDate()).isEqualTo("15/05/2026 04:15:27 PM");
        assertThat(extended.validUpto()).isEqualTo("16/05/2026 11:59:00 PM");
        EwbValues.EwayBill read = ok(client.getEwayBill(seller, generated.ewayBillNo()));
        assertThat(read.extendedTimes()).isEqualTo(1);
        assertThat(read.vehicles()).first().satisfies(row -> assertThat(row.vehicleNo()).isEqualTo("KA01AB9999"));

        // 09:15 on 17/05: more than eight hours past the new end, and expired for every other update.
        clock.advance(Duration.ofHours(41));
        refused(client.extendValidity(seller, extension(generated.ewayBillNo(), 20)), "382");
        refused(client.updateVehicle(seller, vehicleUpdate(generated.ewayBillNo(), "KA01AB1234")), "311");
        refused(client.updateTransporter(seller, generated.ewayBillNo(), TRANSPORTER), "281");
        refused(client.reject(buyer, generated.ewayBillNo()), "345");
    }

    @Test
    void extendNeedsPartBAndAnActiveBill() {
        EwbValues.Generated slip = generate(partAOnly("EWB-EXT-PA", TRANSPORTER));
        refused(client.extendValidity(transporter, extension(slip.ewayBillNo(), 20)), "381");
        EwbValues.Generated cancelled = generate(ewayBill("EWB-EXT-CNL", 560025, 29));
        ok(client.cancel(seller, cancelled.ewayBillNo(), 1, "Duplicate"));
        refused(client.extendValidity(seller, extension(cancelled.ewayBillNo(), 20)), "379");
    }

    @Test
    void cancelWithinTwentyFourHoursAndNotOnceVerified() {
        EwbValues.Generated late = generate(ewayBill("EWB-C1", 110001, 0));
        EwbValues.Generated verified = generate(ewayBill("EWB-C2", 110001, 0));
        refused(client.cancel(buyer, late.ewayBillNo(), 2, "not mine"), "312");
        refused(client.cancel(seller, late.ewayBillNo(), 7, "bad reason"), "307");
        assertThat(sandbox.markEwayBillVerified(verified.ewayBillNo())).isTrue();
        refused(client.cancel(seller, verified.ewayBillNo(), 2, "Order cancelled"), "316");
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        refused(client.cancel(seller, late.ewayBillNo(), 2, "Order cancelled"), "315");
    }

    @Test
    void rejectOnlyByTheOtherPartyWithinSeventyTwoHours() {
        EwbValues.Generated first = generate(ewayBill("EWB-R1", 110001, 0));
        EwbValues.Generated late = generate(ewayBill("EWB-R2", 110001, 0));
        EwbValues.Generated slip = generate(partAOnly("EWB-R3", TRANSPORTER));
        EwbValues.Generated cancelled = generate(ewayBill("EWB-R4", 110001, 0));
        ok(client.cancel(seller, cancelled.ewayBillNo(), 2, "Order cancelled"));

        refused(client.reject(seller, first.ewayBillNo()), "341");
        refused(client.reject(otherTransporter, first.ewayBillNo()), "342");
        refused(client.reject(buyer, slip.ewayBillNo()), "348");
        refused(client.reject(buyer, cancelled.ewayBillNo()), "343");
        refused(client.reject(buyer, 991_000_000_001L), "344");
        EwbValues.Rejected rejected = ok(client.reject(buyer, first.ewayBillNo()));
        assertThat(rejected.ewayBillNo()).isEqualTo(first.ewayBillNo());
        assertThat(ok(client.getEwayBill(seller, first.ewayBillNo())).rejectStatus()).isEqualTo("Y");
        refused(client.reject(buyer, first.ewayBillNo()), "347");

        clock.advance(Duration.ofHours(72).plusSeconds(1));
        refused(client.reject(buyer, late.ewayBillNo()), "346");
    }

    // --- rules of generation

    @Test
    void vehicleNumberFormats() {
        EwbValues.Generated generated = generate(ewayBill("EWB-V", 110001, 0));
        for (String vehicle : List.of("AB121234", "AB12A1234", "AB12AB1234", "ABC1234", "AB123A1234", "AB12ABC1234",
                "DF123456", "TM12345", "ka-01-ab-1234")) {
            ok(client.updateVehicle(seller, vehicleUpdate(generated.ewayBillNo(), vehicle)));
        }
        for (String vehicle : List.of("12KA1234", "KA01AB12", "K", "KA01ABCD1234")) {
            refused(client.updateVehicle(seller, vehicleUpdate(generated.ewayBillNo(), vehicle)), "304");
        }
        ObjectNode bad = ewayBill("EWB-V2", 110001, 0);
        bad.put("vehicleNo", "XYZ");
        refused(client.generate(seller, NicJson.write(bad)), "225");
        ObjectNode noReason = (ObjectNode) NicJson.parse(vehicleUpdate(generated.ewayBillNo(), "KA01AB1234"));
        noReason.put("reasonCode", 3).put("reasonRem", "");
        refused(client.updateVehicle(seller, NicJson.write(noReason)), "308");
        assertThat(ok(client.getEwayBill(seller, generated.ewayBillNo())).vehicles().get(0).vehicleNo()).isEqualTo("KA01AB1234");
    }

    @Test
    void transportModesAndTransporterIds() {
        ObjectNode noMode = ewayBill("EWB-M1", 110001, 0);
        noMode.put("transMode", "");
        refused(client.generate(seller, NicJson.write(noMode)), "638");
        ObjectNode railWithoutDoc = ewayBill("EWB-M2", 110001, 0);
        railWithoutDoc.put("transMode", "2").put("vehicleNo", "").put("transDocNo", "");
        refused(client.generate(seller, NicJson.write(partAOnlyWith(railWithoutDoc))), "394");
        ObjectNode railWithoutDate = ewayBill("EWB-M3", 110001, 0);
        railWithoutDate.put("transMode", "2").put("vehicleNo", "").put("transDocNo", "RR-1234");
        refused(client.generate(seller, NicJson.write(railWithoutDate)), "385");
        ObjectNode odcByAir = ewayBill("EWB-M4", 110001, 0);
        odcByAir.put("transMode", "3").put("vehicleNo", "").put("transDocNo", "AWB-1").put("transDocDate", "14/05/2026")
                .put("vehicleType", "O");
        refused(client.generate(seller, NicJson.write(odcByAir)), "634");
        ObjectNode shipRegular = ewayBill("EWB-M5", 110001, 0);
        shipRegular.put("transMode", "4");
        refused(client.generate(seller, NicJson.write(shipRegular)), "726");
        ObjectNode docBeforeInvoice = ewayBill("EWB-M6", 110001, 0);
        docBeforeInvoice.put("transMode", "2").put("vehicleNo", "").put("transDocNo", "RR-1").put("transDocDate", "13/05/2026");
        refused(client.generate(seller, NicJson.write(docBeforeInvoice)), "362");
        refused(client.generate(seller, NicJson.write(partAOnly("EWB-M7", "BADTRANSPORTER"))), "222");
        ObjectNode rail = ewayBill("EWB-M8", 110001, 0);
        rail.put("transMode", "2").put("vehicleNo", "").put("transDocNo", "RR-1").put("transDocDate", "14/05/2026");
        assertThat(generate(rail).validUpto()).isEqualTo("23/05/2026 11:59:00 PM");
    }

    private static ObjectNode partAOnlyWith(ObjectNode bill) {
        // A transporter id keeps a bill without Part-B legal, so the rail rule is the one reported.
        bill.put("transporterId", TRANSPORTER);
        return bill;
    }

    @Test
    void documentDatesPartiesAndValues() {
        ObjectNode future = ewayBill("EWB-D1", 110001, 0);
        future.put("docDate", "15/05/2026");
        refused(client.generate(seller, NicJson.write(future)), "207");
        ObjectNode old = ewayBill("EWB-D2", 110001, 0);
        old.put("docDate", "13/11/2025");
        refused(client.generate(seller, NicJson.write(old)), "820");
        ObjectNode preGst = ewayBill("EWB-D3", 110001, 0);
        preGst.put("docDate", "30/06/2017");
        refused(client.generate(seller, NicJson.write(preGst)), "819");
        ObjectNode wrongFormat = ewayBill("EWB-D4", 110001, 0);
        wrongFormat.put("docDate", "2026-05-14");
        refused(client.generate(seller, NicJson.write(wrongFormat)), "207");
        ObjectNode oldest = ewayBill("EWB-D5", 110001, 0);
        oldest.put("docDate", "15/11/2025");
        ok(client.generate(seller, NicJson.write(oldest)));

        ObjectNode notMine = ewayBill("EWB-P1", 110001, 0);
        notMine.put("userGstin", BUYER);
        refused(client.generate(seller, NicJson.write(notMine)), "358");
        refused(client.generate(buyer, NicJson.write(ewayBill("EWB-P2", 110001, 0))), "359");
        ObjectNode igstIntraState = ewayBill("EWB-P3", 110001, 0);
        igstIntraState.put("igstValue", 180).put("cgstValue", 0).put("sgstValue", 0);
        refused(client.generate(seller, NicJson.write(igstIntraState)), "623");
        ObjectNode belowTotal = ewayBill("EWB-P4", 110001, 0);
        belowTotal.put("totInvValue", 1177);
        refused(client.generate(seller, NicJson.write(belowTotal)), "620");
        ObjectNode withinTolerance = ewayBill("EWB-P5", 110001, 0);
        withinTolerance.put("totInvValue", 1178.5);
        ok(client.generate(seller, NicJson.write(withinTolerance)));
        ObjectNode shipToOnRegular = ewayBill("EWB-P6", 110001, 0);
        shipToOnRegular.put("shipToGSTIN", BUYER);
        refused(client.generate(seller, NicJson.write(shipToOnRegular)), "616");
        ObjectNode noItems = ewayBill("EWB-P7", 110001, 0);
        noItems.putArray("itemList");
        refused(client.generate(seller, NicJson.write(noItems)), "233");
    }

    @Test
    void distanceWithinNicsToleranceOfThePinToPinDistance() {
        EwbOutcome<EwbValues.Generated> tooFar = client.generate(seller, NicJson.write(ewayBill("EWB-K1", 560025, 32)));
        refused(tooFar, "702");
        assertThat(((EwbOutcome.Refused<?>) tooFar).info()).contains("\"distance\":29").contains("560025");
        assertThat(generate(ewayBill("EWB-K2", 560025, 31)).alert()).isEmpty();
        assertThat(generate(ewayBill("EWB-K3", 560025, 5)).validUpto()).isEqualTo("15/05/2026 11:59:00 PM");
        // Army postal PINs have no distance in the system: 0 is refused, a declared distance is taken with an alert.
        refused(client.generate(seller, NicJson.write(ewayBill("EWB-K4", 900001, 0))), "721");
        assertThat(generate(ewayBill("EWB-K5", 900001, 120)).alert()).contains("not available");
        refused(client.generate(seller, NicJson.write(ewayBill("EWB-K6", 560001, 0))), "721");
        refused(client.generate(seller, NicJson.write(ewayBill("EWB-K7", 560001, 150))), "702");
        ok(client.generate(seller, NicJson.write(ewayBill("EWB-K8", 560001, 40))));
        refused(client.generate(seller, NicJson.write(ewayBill("EWB-K9", 110001, 4000))), "221");
    }

    @Test
    void oneActiveBillPerDocumentAndReadBackByDocument() {
        EwbValues.Generated generated = generate(ewayBill("EWB-DOC/1", 110001, 0));
        refused(client.generate(seller, NicJson.write(ewayBill("ewb-doc/1", 110001, 0))), "604");
        EwbValues.DocumentMatch match = ok(client.getByDocument(seller, "INV", "EWB-DOC/1"));
        assertThat(match.ewayBillNo()).isEqualTo(generated.ewayBillNo());
        assertThat(match.validUpto()).isEqualTo(generated.validUpto());
        refused(client.getByDocument(buyer, "INV", "EWB-DOC/1"), "325");
        refused(client.getByDocument(seller, "INV", "EWB-NONE"), "325");

        ok(client.cancel(seller, generated.ewayBillNo(), 3, "Data entry mistake"));
        refused(client.getByDocument(seller, "INV", "EWB-DOC/1"), "325");
        assertThat(generate(ewayBill("EWB-DOC/1", 110001, 0)).ewayBillNo()).isNotEqualTo(generated.ewayBillNo());
    }

    // --- sessions

    @Test
    void oneSessionPerTenantAndOneReloginWhenTheTokenIsRefused() {
        NicCredentials tenantA = seller.inScope("tenant-a");
        NicCredentials tenantB = seller.inScope("tenant-b");
        ok(client.generate(tenantA, NicJson.write(ewayBill("EWB-S1", 110001, 0))));
        ok(client.generate(tenantB, NicJson.write(ewayBill("EWB-S2", 110001, 0))));
        ok(client.getByDocument(tenantA, "INV", "EWB-S1"));
        ok(client.getByDocument(tenantB, "INV", "EWB-S2"));
        assertThat(sandbox.stats().ewbAuthCalls()).as("one login per tenant, reused").isEqualTo(2);

        NicCredentials wrongPassword = new NicCredentials("tenant-c", SELLER, "sandbox", "wrong");
        assertThat(client.getByDocument(wrongPassword, "INV", "EWB-S1")).isInstanceOfSatisfying(EwbOutcome.AuthFailed.class,
                failed -> assertThat(failed.errors()).extracting("code").containsExactly("108"));
        ok(client.getByDocument(tenantA, "INV", "EWB-S1"));

        // The IRP's session is not the e-way bill system's: the EWB key and login are separate.
        assertThat(sandbox.ewbEncryptionPublicKey()).isNotEqualTo(sandbox.encryptionPublicKey());
        assertThat(sandbox.stats().authCalls()).isZero();
    }

    @Test
    void expiredTokenIsRenewedOnceAndTheCallReplayed() {
        sandbox.close();
        sandbox = IrpSandbox.builder().dataSource(TestDatabase.dataSource()).schema(TestDatabase.freshSchema())
                .clock(clock).ewbTokenTtl(Duration.ofMinutes(30)).start();
        client = new EwbClient(config(sandbox), clock);
        EwbValues.Generated generated = generate(ewayBill("EWB-T1", 110001, 0));
        long logins = sandbox.stats().ewbAuthCalls();
        clock.advance(Duration.ofMinutes(31));
        assertThat(ok(client.getEwayBill(seller, generated.ewayBillNo())).ewbNo()).isEqualTo(generated.ewayBillNo());
        assertThat(sandbox.stats().ewbAuthCalls() - logins).isEqualTo(1);
    }

    @Test
    void authenticateForTestConnection() {
        assertThat(client.authenticate(seller).ok()).isTrue();
        var refused = client.authenticate(new NicCredentials(SELLER, "sandbox", "nope"));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.errorCode()).isEqualTo("108");
        EwbClient wrongClient = new EwbClient(EwbClientConfig.of(URI.create(sandbox.ewbBaseUrl()), "someone", "else",
                sandbox.ewbEncryptionPublicKey()), clock);
        assertThat(wrongClient.authenticate(seller).errorCode()).isEqualTo("110");
        EwbClient irpKey = new EwbClient(EwbClientConfig.of(URI.create(sandbox.ewbBaseUrl()), sandbox.clientId(),
                sandbox.clientSecret(), sandbox.encryptionPublicKey()), clock);
        assertThat(irpKey.authenticate(seller).errorCode()).as("the IRP's key does not open the EWB login").isEqualTo("109");
    }
}
