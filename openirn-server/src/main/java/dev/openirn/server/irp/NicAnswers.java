package dev.openirn.server.irp;

import dev.openirn.nic.NicError;
import dev.openirn.nic.NicResult;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.SignedJwtVerifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Translates the NIC client's results into {@link IrpAnswer}s: the only place the port's callers' words meet NIC's. */
final class NicAnswers {

    private NicAnswers() {
    }

    /** The answer to a generate or a lookup (by IRN or by document). */
    static IrpAnswer ofRegistration(NicResult result) {
        if (result instanceof NicResult.Success success) {
            String signedInvoice = success.signedInvoice();
            return new IrpAnswer.Registered(new IrpRegistration(success.irn(), Long.toString(success.ackNo()),
                    NicTimestamps.parse(success.ackDate()), signedInvoice, success.signedQrCode()),
                    () -> registeredDocument(SignedJwtVerifier.decodeData(signedInvoice)));
        }
        return ofFailure(result);
    }

    /** The answer to a cancel. */
    static IrpAnswer ofCancel(NicResult result) {
        if (result instanceof NicResult.Success success) {
            Instant at = null;
            try {
                at = success.cancelDate() == null ? null : NicTimestamps.parse(success.cancelDate());
            } catch (RuntimeException unparseable) {
                // the caller keeps its own time
            }
            return new IrpAnswer.Cancelled(at);
        }
        return ofFailure(result);
    }

    /** The answer to generate EWB by IRN, or to get EWB by IRN ({@code EwbNo}, {@code EwbDt}, {@code EwbValidTill}, {@code Status}). */
    static EwbAnswer ofEwayBill(NicResult result) {
        if (result instanceof NicResult.Success success) {
            JsonNode data = success.data();
            String number = text(data, "EwbNo");
            String date = text(data, "EwbDt");
            String validTill = text(data, "EwbValidTill");
            Integer distance = null;
            String remarks = text(data, "Remarks");
            if (remarks != null) {
                java.util.regex.Matcher digits = java.util.regex.Pattern.compile("(\\d+)").matcher(remarks);
                distance = digits.find() ? Integer.valueOf(digits.group(1)) : null;
            }
            return EwbAnswer.ok(number == null ? 0 : Long.parseLong(number), date == null ? null : NicTimestamps.parse(date),
                    validTill == null ? null : NicTimestamps.parse(validTill), distance,
                    text(data, "Status") == null ? "ACT" : text(data, "Status"), null, null);
        }
        if (result instanceof NicResult.Rejected rejected) {
            return rejected.isIrpSystemError()
                    ? EwbAnswer.failed(EwbAnswer.Kind.UNKNOWN, EwayBillPortal.errors(rejected.errors()), "IRP system error")
                    : EwbAnswer.failed(EwbAnswer.Kind.REFUSED, EwayBillPortal.errors(rejected.errors()), null);
        }
        if (result instanceof NicResult.AuthFailed auth) {
            return EwbAnswer.failed(EwbAnswer.Kind.AUTH_FAILED, EwayBillPortal.errors(auth.errors()), null);
        }
        if (result instanceof NicResult.TransportFailure failure) {
            return EwbAnswer.failed(EwbAnswer.Kind.UNKNOWN, List.of(), failure.kind() + ": " + failure.detail());
        }
        return EwbAnswer.failed(EwbAnswer.Kind.UNKNOWN, List.of(), "unexpected answer " + result.getClass().getSimpleName());
    }

    /** The answer to Get GSTIN details. */
    static IrpAnswer ofTaxpayer(NicResult result) {
        if (result instanceof NicResult.Success success) {
            JsonNode data = success.data();
            String stateCode = text(data, "StateCode");
            return new IrpAnswer.Taxpayer(new IrpTaxpayer(text(data, "Gstin"), text(data, "LegalName"),
                    text(data, "TradeName"), text(data, "Status"), text(data, "TxpType"),
                    stateCode != null && stateCode.length() == 1 ? "0" + stateCode : stateCode,
                    text(data, "AddrBno"), text(data, "AddrBnm"), text(data, "AddrFlno"), text(data, "AddrSt"),
                    text(data, "AddrLoc"), text(data, "AddrPncd"), text(data, "BlkStatus"), text(data, "DtReg"),
                    text(data, "DtDReg")));
        }
        return ofFailure(result);
    }

    /** A field as text (numbers too); null when absent, null or blank. */
    private static String text(JsonNode data, String field) {
        JsonNode node = data.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.asString().trim();
        return text.isEmpty() ? null : text;
    }

    private static IrpAnswer ofFailure(NicResult result) {
        if (result instanceof NicResult.Rejected rejected) {
            return rejected.isIrpSystemError() ? new IrpAnswer.SystemError(errors(rejected.errors()))
                    : new IrpAnswer.Rejected(errors(rejected.errors()));
        }
        if (result instanceof NicResult.Duplicate duplicate) {
            return new IrpAnswer.Duplicate(duplicate.irn());
        }
        if (result instanceof NicResult.AuthFailed failed) {
            return new IrpAnswer.CredentialsRefused(errors(failed.errors()));
        }
        if (result instanceof NicResult.TransportFailure failure) {
            return new IrpAnswer.NoAnswer(IrpAnswer.NoAnswer.Reason.valueOf(failure.kind().name()), failure.detail());
        }
        if (result instanceof NicResult.SignatureInvalid invalid) {
            return new IrpAnswer.SignatureInvalid(invalid.problem());
        }
        throw new IllegalArgumentException("Unknown NIC result " + result);
    }

    private static List<IrpError> errors(List<NicError> errors) {
        return errors.stream().map(error -> new IrpError(error.code(), error.message())).toList();
    }

    private static IrpAnswer.RegisteredDocument registeredDocument(JsonNode registered) {
        JsonNode total = registered.path("ValDtls").path("TotInvVal");
        return new IrpAnswer.RegisteredDocument(
                registered.path("SellerDtls").path("Gstin").asString(null),
                registered.path("BuyerDtls").path("Gstin").asString(null),
                registered.path("DocDtls").path("Typ").asString(null),
                registered.path("DocDtls").path("No").asString(null),
                registered.path("DocDtls").path("Dt").asString(null),
                total.isMissingNode() || total.isNull() ? null : new BigDecimal(total.asString()));
    }
}
