package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.Irn;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.SignedJwtVerifier;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OneFinOps quickstart, verbatim: token → generate → fetch → poll. */
class QuickstartTest extends ServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RunningIrpSandbox sandbox;

    @Test
    void tokenHasExactlyTheQuickstartShapeAndPinsTheTenant() {
        ApiClient.Reply reply = api.tokenRequest(Map.of("grant_type", "client_credentials", "client_id",
                ApiClient.CLIENT_ID, "client_secret", ApiClient.CLIENT_SECRET, "scope", "gstn-india"));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.propertyNames()).containsExactly("access_token", "expires_in", "token_type", "scope");
        assertThat(body.get("expires_in").asInt()).isEqualTo(900);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("scope").asString()).isEqualTo("gstn-india");

        String jwt = body.get("access_token").asString();
        JsonNode header = decodeSegment(jwt, 0);
        JsonNode claims = decodeSegment(jwt, 1);
        assertThat(header.get("alg").asString()).isEqualTo("RS256");
        assertThat(claims.get("iss").asString()).isEqualTo("http://localhost:8080/realms/onefinops");
        assertThat(claims.get("sub").asString()).isEqualTo(ApiClient.CLIENT_ID);
        assertThat(claims.get("azp").asString()).isEqualTo(ApiClient.CLIENT_ID);
        assertThat(claims.get("aud").toString()).contains("onefinops.api");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
        assertThat(claims.get("scope").toString()).contains("gstn-india");
        assertThat(claims.get("organization_id").asString()).startsWith("org_");
        assertThat(claims.get("environment").asString()).isEqualTo("test");
    }

    @Test
    void quickstartGeneratesFetchesAndPollsTheSameInvoice() {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.resource("quickstart-invoice.json"),
                "9b8b3f8a-quickstart-001");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("X-Request-Id")).isNotBlank();
        JsonNode einvoice = created.json();
        assertThat(einvoice.get("id").asString()).matches("einv_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(einvoice.get("object").asString()).isEqualTo("einvoice");
        assertThat(einvoice.get("status").asString()).isEqualTo("generated");
        assertThat(einvoice.get("irn").asString())
                .isEqualTo(Irn.compute("29ABCDE1234F1Z5", "2026-27", "INV", "INV-2026-00001"))
                .matches("[0-9a-f]{64}");
        assertThat(einvoice.get("ackNumber").isString()).isTrue();
        assertThat(einvoice.get("ackNumber").asString()).matches("\\d{15}");
        Instant ackDate = Instant.parse(einvoice.get("ackDate").asString());
        Instant generatedAt = Instant.parse(einvoice.get("generatedAt").asString());
        assertThat(ackDate).isBefore(Instant.now().plusSeconds(60));
        assertThat(generatedAt).isBefore(Instant.now().plusSeconds(1));
        assertThat(einvoice.get("sellerGstin").asString()).isEqualTo("29ABCDE1234F1Z5");
        assertThat(einvoice.get("documentType").asString()).isEqualTo("INV");
        assertThat(einvoice.get("invoiceNumber").asString()).isEqualTo("INV-2026-00001");
        assertThat(einvoice.get("invoiceDate").asString()).isEqualTo("2026-05-04");
        assertThat(einvoice.get("financialYear").asString()).isEqualTo("2026-27");
        assertThat(einvoice.get("totalInvoiceValue").isNumber()).isTrue();
        assertThat(created.body()).contains("\"totalInvoiceValue\":11800");

        SignedJwtVerifier verifier = new SignedJwtVerifier(sandbox.signingCertificate());
        String signedInvoice = einvoice.get("signedInvoice").asString();
        String signedQrCode = einvoice.get("signedQrCode").asString();
        assertThat(verifier.isValid(signedInvoice)).isTrue();
        assertThat(verifier.isValid(signedQrCode)).isTrue();
        // The answer's AckDt shows only the minute; the signed invoice's carries the seconds, and ackDate keeps them.
        assertThat(ackDate).isEqualTo(NicTimestamps.parse(SignedJwtVerifier.decodeData(signedInvoice).get("AckDt").asString()));
        JsonNode qr = SignedJwtVerifier.decodeData(signedQrCode);
        assertThat(List.copyOf(qr.propertyNames())).containsExactly("SellerGstin", "BuyerGstin", "DocNo", "DocTyp",
                "DocDt", "TotInvVal", "ItemCnt", "MainHsnCode", "Irn", "IrnDt");
        assertThat(qr.get("Irn").asString()).isEqualTo(einvoice.get("irn").asString());

        String id = einvoice.get("id").asString();
        ApiClient.Reply fetched = api.get("/v1/einvoices/" + id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json()).isEqualTo(einvoice);

        ApiClient.Reply status = api.get("/v1/einvoices/" + id + "/status");
        assertThat(status.status()).isEqualTo(200);
        JsonNode statusBody = status.json();
        assertThat(List.copyOf(statusBody.propertyNames())).containsExactly("id", "object", "status", "irn", "irp",
                "errorCode", "errorMessage", "retryCount", "nextRetryAt");
        assertThat(statusBody.get("object").asString()).isEqualTo("einvoice.status");
        assertThat(statusBody.get("status").asString()).isEqualTo("generated");
        assertThat(statusBody.get("irn").asString()).isEqualTo(einvoice.get("irn").asString());
        assertThat(statusBody.get("errorCode").isNull()).isTrue();
        assertThat(statusBody.get("retryCount").asInt()).isZero();
        assertThat(statusBody.get("nextRetryAt").isNull()).isTrue();
    }

    @Test
    void unknownEInvoiceIsNotFoundInTheErrorEnvelope() {
        ApiClient.Reply reply = api.get("/v1/einvoices/einv_01HRXY8N0E5PC6V0Z6P8Q1ABCD");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("object").asString()).isEqualTo("error");
        assertThat(reply.json().get("code").asString()).isEqualTo("not_found");
    }

    private static JsonNode decodeSegment(String jwt, int index) {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8));
    }
}
