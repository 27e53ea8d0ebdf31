package dev.openirn.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.ewaybill.EwayBillTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The token pins organization and environment: an object of another tenant, or of the other
 * environment of the same tenant, answers 404 not_found on every route that addresses an object.
 */
class TenantIsolationTest extends ServerTest {

    /** A /v1 route that addresses an existing object, with how to call it for the objects made below. */
    record Route(String method, String pattern, String path, String body) {
        Route(String method, String pattern, String path) {
            this(method, pattern, path, null);
        }

        String key() {
            return method + " " + pattern;
        }
    }

    /** Routes that create or probe rather than address an object; each is covered by its own assertion below. */
    private static final Set<String> NOT_OBJECT_ROUTES = Set.of(
            "POST /v1/einvoices",
            "POST /v1/einvoices/validate",
            "GET /v1/einvoices",
            "POST /v1/ewaybills",
            "GET /v1/ewaybills",
            "POST /v1/einvoices/batches",
            "GET /v1/einvoices/batches",
            "POST /v1/gsp-credentials/{portal}",
            "POST /v1/gsp-credentials/{portal}/test-connection",
            "GET /v1/gstins/{gstin}", // public registration data, no tenant's object: GstinLookupTest
            "POST /v1/tools/qr/decode",
            "POST /v1/tools/qr/render",
            "POST /v1/tools/signed-invoice/decode",
            "POST /v1/webhook-endpoints",
            "GET /v1/webhook-endpoints",
            "GET /v1/events");

    private static final String GSTIN = "29AAACT7001A1Z5";

    @Autowired
    ApiClients clients;

    @Autowired
    RunningIrpSandbox sandbox;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void anotherTenantAndTheOtherEnvironmentGet404OnEveryObjectRoute() {
        Tenants tenants = new Tenants(clients, port);
        String organization = "owner-" + UUID.randomUUID();
        Tenants.Tenant owner = tenants.client(organization, ApiEnvironment.TEST);
        Tenants.Tenant ownerLive = tenants.client(organization, ApiEnvironment.LIVE);
        Tenants.Tenant stranger = tenants.client("stranger-" + UUID.randomUUID(), ApiEnvironment.TEST);
        assertThat(ownerLive.organizationId()).isEqualTo(owner.organizationId());

        ApiClient.Reply invoice = owner.api().post("/v1/einvoices", ApiClient.quickstartWithNumber("ISO-1"), "iso-1");
        assertThat(invoice.status()).as(invoice.body()).isEqualTo(201);
        String einvoiceId = invoice.json().get("id").asString();
        assertThat(owner.api().post("/v1/gsp-credentials/irn",
                "{\"sellerGstin\":\"" + GSTIN + "\",\"userName\":\"OWNER\",\"password\":\"owner-pw\"}", null).status()).isEqualTo(201);
        assertThat(owner.api().post("/v1/gsp-credentials/ewb",
                "{\"gstin\":\"" + GSTIN + "\",\"userName\":\"OWNER\",\"password\":\"owner-pw\"}", null).status()).isEqualTo(201);
        ApiClient.Reply endpoint = owner.api().post("/v1/webhook-endpoints", "{\"url\": \"http://127.0.0.1:9/hook\"}", null);
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
        String endpointId = endpoint.json().get("id").asString();
        String deliveryId = owner.api().post("/v1/webhook-endpoints/" + endpointId + "/test", "", null).json()
                .get("deliveryId").asString();
        ApiClient.Reply ewaybill = owner.api().post("/v1/ewaybills",
                EwayBillTest.standalone("ISO-EWB-1", EwayBillTest.BY_ROAD), "iso-ewb-1");
        assertThat(ewaybill.status()).as(ewaybill.body()).isEqualTo(201);
        String ewaybillId = ewaybill.json().get("id").asString();
        long ewbNumber = ewaybill.json().get("ewbNumber").asLong();
        String eventId = owner.api().get("/v1/events?objectId=" + einvoiceId).json().get("data").get(0).get("id").asString();
        ApiClient.Reply batch = owner.api().post("/v1/einvoices/batches", "{\"items\": [{\"invoice\": "
                + ApiClient.quickstartWithNumber("ISO-1") + "}]}", null);
        assertThat(batch.status()).as(batch.body()).isEqualTo(202);
        String batchId = batch.json().get("id").asString();

        List<Route> routes = List.of(
                new Route("GET", "/v1/einvoices/{id}", "/v1/einvoices/" + einvoiceId),
                new Route("GET", "/v1/einvoices/{id}/status", "/v1/einvoices/" + einvoiceId + "/status"),
                new Route("GET", "/v1/einvoices/{id}/pdf", "/v1/einvoices/" + einvoiceId + "/pdf"),
                new Route("GET", "/v1/einvoices/{id}/qr", "/v1/einvoices/" + einvoiceId + "/qr"),
                new Route("GET", "/v1/einvoices/irn/{irn}", "/v1/einvoices/irn/" + invoice.json().get("irn").asString()),
                new Route("POST", "/v1/einvoices/{id}/cancel", "/v1/einvoices/" + einvoiceId + "/cancel",
                        "{\"reasonCode\": \"1\", \"remarks\": \"Not yours\"}"),
                new Route("GET", "/v1/gsp-credentials/{portal}/{gstin}", "/v1/gsp-credentials/irn/" + GSTIN),
                new Route("GET", "/v1/gsp-credentials/{portal}/{gstin}", "/v1/gsp-credentials/ewb/" + GSTIN),
                new Route("DELETE", "/v1/gsp-credentials/{portal}/{gstin}", "/v1/gsp-credentials/irn/" + GSTIN),
                new Route("DELETE", "/v1/gsp-credentials/{portal}/{gstin}", "/v1/gsp-credentials/ewb/" + GSTIN),
                new Route("GET", "/v1/webhook-endpoints/{id}", "/v1/webhook-endpoints/" + endpointId),
                new Route("PATCH", "/v1/webhook-endpoints/{id}", "/v1/webhook-endpoints/" + endpointId, "{\"enabled\": false}"),
                new Route("DELETE", "/v1/webhook-endpoints/{id}", "/v1/webhook-endpoints/" + endpointId),
                new Route("POST", "/v1/webhook-endpoints/{id}/rotate-secret", "/v1/webhook-endpoints/" + endpointId + "/rotate-secret"),
                new Route("POST", "/v1/webhook-endpoints/{id}/test", "/v1/webhook-endpoints/" + endpointId + "/test"),
                new Route("GET", "/v1/webhook-endpoints/{id}/deliveries", "/v1/webhook-endpoints/" + endpointId + "/deliveries"),
                new Route("GET", "/v1/webhook-deliveries/{id}", "/v1/webhook-deliveries/" + deliveryId),
                new Route("POST", "/v1/webhook-deliveries/{id}/retry", "/v1/webhook-deliveries/" + deliveryId + "/retry"),
                new Route("GET", "/v1/events/{id}", "/v1/events/" + eventId),
                new Route("GET", "/v1/ewaybills/{id}", "/v1/ewaybills/" + ewaybillId),
                new Route("GET", "/v1/ewaybills/ewb/{ewbNumber}", "/v1/ewaybills/ewb/" + ewbNumber),
                new Route("POST", "/v1/ewaybills/{id}/update-part-b", "/v1/ewaybills/" + ewaybillId + "/update-part-b",
                        "{\"vehicleNumber\":\"KA05MN4321\",\"transportMode\":1,\"fromPlace\":\"X\",\"fromStateCode\":29,\"reasonCode\":1}"),
                new Route("POST", "/v1/ewaybills/{id}/extend-validity", "/v1/ewaybills/" + ewaybillId + "/extend-validity",
                        "{\"vehicleNumber\":\"KA05MN4321\",\"fromPlace\":\"X\",\"fromStateCode\":29,\"fromPincode\":560001,"
                                + "\"reasonCode\":99,\"remark\":\"x\",\"remainingDistanceKm\":10}"),
                new Route("POST", "/v1/ewaybills/{id}/update-transporter", "/v1/ewaybills/" + ewaybillId + "/update-transporter",
                        "{\"transporterId\":\"29AABCT1332L1ZU\"}"),
                new Route("POST", "/v1/ewaybills/{id}/cancel", "/v1/ewaybills/" + ewaybillId + "/cancel",
                        "{\"reasonCode\":1,\"remark\":\"Not yours\"}"),
                new Route("POST", "/v1/ewaybills/{id}/reject", "/v1/ewaybills/" + ewaybillId + "/reject", "{}"),
                // The action-style aliases name the object in the body (ewbNumber, irn) or the query.
                new Route("GET", "/v1/ewaybills/ewbnumber", "/v1/ewaybills/ewbnumber?ewbNumber=" + ewbNumber),
                new Route("POST", "/v1/ewaybills/generate", "/v1/ewaybills/generate",
                        "{\"irn\":\"" + invoice.json().get("irn").asString() + "\",\"transport\":" + EwayBillTest.BY_ROAD + "}"),
                new Route("POST", "/v1/einvoices/ewaybill", "/v1/einvoices/ewaybill",
                        "{\"irn\":\"" + invoice.json().get("irn").asString() + "\",\"distance\":0}"),
                new Route("POST", "/v1/ewaybills/partb", "/v1/ewaybills/partb", "{\"ewbNumber\":" + ewbNumber
                        + ",\"vehicleNumber\":\"KA05MN4321\",\"transportMode\":\"1\",\"fromPlace\":\"X\",\"fromStateCode\":\"29\",\"reasonCode\":\"1\"}"),
                new Route("POST", "/v1/ewaybills/extend", "/v1/ewaybills/extend", "{\"ewbNumber\":" + ewbNumber
                        + ",\"vehicleNumber\":\"KA05MN4321\",\"fromPlace\":\"X\",\"fromStateCode\":\"29\",\"fromPincode\":560001,"
                        + "\"reasonCode\":\"99\",\"remark\":\"x\",\"remainingDistance\":10}"),
                new Route("POST", "/v1/ewaybills/transporter", "/v1/ewaybills/transporter",
                        "{\"ewbNumber\":" + ewbNumber + ",\"transporterId\":\"29AABCT1332L1ZU\"}"),
                new Route("POST", "/v1/ewaybills/cancel", "/v1/ewaybills/cancel",
                        "{\"ewbNumber\":" + ewbNumber + ",\"cancelReasonCode\":\"1\",\"cancelRemark\":\"Not yours\"}"),
                new Route("POST", "/v1/ewaybills/reject", "/v1/ewaybills/reject", "{\"ewbNumber\":" + ewbNumber + "}"),
                new Route("GET", "/v1/einvoices/batches/{id}", "/v1/einvoices/batches/" + batchId));

        // Every /v1 route of the application is in the table (a new route must be added here).
        Set<String> covered = new TreeSet<>(NOT_OBJECT_ROUTES);
        routes.forEach(route -> covered.add(route.key()));
        assertThat(v1Routes()).isSubsetOf(covered);

        for (Tenants.Tenant outsider : List.of(stranger, ownerLive)) {
            for (Route route : routes) {
                ApiClient.Reply reply = call(outsider.api(), route);
                assertThat(reply.status()).as("%s %s by %s: %s", route.method(), route.path(),
                        outsider.client().clientId(), reply.body()).isEqualTo(404);
                assertThat(reply.json().get("code").asString()).isEqualTo("not_found");
            }
        }
        // Listing shows only the caller's own tenant and environment.
        assertThat(stranger.api().get("/v1/einvoices?limit=100").body()).doesNotContain(einvoiceId);
        assertThat(ownerLive.api().get("/v1/einvoices?limit=100").body()).doesNotContain(einvoiceId);
        assertThat(owner.api().get("/v1/einvoices?limit=100").body()).contains(einvoiceId);
        assertThat(stranger.api().get("/v1/ewaybills?limit=100").body()).doesNotContain(ewaybillId);
        assertThat(ownerLive.api().get("/v1/ewaybills?limit=100").body()).doesNotContain(ewaybillId);
        assertThat(owner.api().get("/v1/ewaybills?limit=100").body()).contains(ewaybillId);
        assertThat(owner.api().get("/v1/ewaybills/" + ewaybillId).json().get("status").asString()).isEqualTo("generated");
        assertThat(stranger.api().get("/v1/einvoices/batches?limit=100").body()).doesNotContain(batchId);
        assertThat(ownerLive.api().get("/v1/einvoices/batches?limit=100").body()).doesNotContain(batchId);
        assertThat(owner.api().get("/v1/einvoices/batches?limit=100").body()).contains(batchId);
        // The same document in another tenant's batch is that tenant's own e-invoice, never a link to the owner's.
        ApiClient.Reply strangerBatch = stranger.api().post("/v1/einvoices/batches", "{\"items\": [{\"idempotencyKey\": "
                + "\"iso-1\", \"invoice\": " + ApiClient.quickstartWithNumber("ISO-1") + "}]}", null);
        assertThat(strangerBatch.status()).as(strangerBatch.body()).isEqualTo(202);
        String strangerItem = stranger.api().get("/v1/einvoices/batches/" + strangerBatch.json().get("id").asString())
                .json().get("items").get("data").get(0).get("eInvoiceId").asString();
        assertThat(strangerItem).isNotEqualTo(einvoiceId);
        assertThat(owner.api().get("/v1/einvoices/" + strangerItem).status()).isEqualTo(404);
        for (Tenants.Tenant outsider : List.of(stranger, ownerLive)) {
            assertThat(outsider.api().get("/v1/webhook-endpoints?limit=100").body()).doesNotContain(endpointId);
            assertThat(outsider.api().get("/v1/events?limit=100").body()).doesNotContain(eventId);
        }
        assertThat(owner.api().get("/v1/webhook-endpoints/" + endpointId).json().get("enabled").asBoolean())
                .as("the outsiders' PATCH changed nothing").isTrue();
        assertThat(owner.api().get("/v1/einvoices/" + einvoiceId).json().get("status").asString()).isEqualTo("generated");

        // Nothing was deleted by the outsiders; the owner still sees everything.
        for (Route route : routes.stream().filter(route -> route.method().equals("GET")).toList()) {
            // (the cancel above was refused, so every object still exists)
            assertThat(call(owner.api(), route).status()).as(route.path()).isEqualTo(200);
        }

        // A stranger's test-connection never falls back to the owner's stored password.
        ApiClient.Reply probe = stranger.api().post("/v1/gsp-credentials/irn/test-connection",
                "{\"sellerGstin\":\"" + GSTIN + "\"}", null);
        assertThat(probe.status()).isEqualTo(422);

        // Nothing in a body moves a write into another tenant.
        ApiClient.Reply spoofed = stranger.api().post("/v1/gsp-credentials/irn", "{\"sellerGstin\":\"" + GSTIN
                + "\",\"userName\":\"X\",\"password\":\"y\",\"organizationId\":\"" + owner.organizationId()
                + "\",\"environment\":\"live\"}", null);
        assertThat(spoofed.status()).isEqualTo(201);
        assertThat(spoofed.json().get("organizationId").asString()).isEqualTo(stranger.organizationId());
        assertThat(spoofed.json().get("environment").asString()).isEqualTo("test");
        assertThat(owner.api().get("/v1/gsp-credentials/irn/" + GSTIN).json().get("userName").asString()).isEqualTo("OWNER");
    }

    @Test
    void aTestTokenCannotSeeLiveData() {
        Tenants tenants = new Tenants(clients, port);
        String organization = "envs-" + UUID.randomUUID();
        Tenants.Tenant test = tenants.client(organization, ApiEnvironment.TEST);
        Tenants.Tenant live = tenants.client(organization, ApiEnvironment.LIVE, "lenient",
                RateLimitOverrides.DEFAULTS);
        assertThat(live.api().post("/v1/gsp-credentials/irn", "{\"sellerGstin\":\"29AAACT7002A1Z5\",\"userName\":\""
                + sandbox.defaultUserName() + "\",\"password\":\"" + sandbox.defaultPassword() + "\"}", null).status())
                .isEqualTo(201);
        ApiClient.Reply liveInvoice = live.api().post("/v1/einvoices",
                ApiClient.quickstartWithNumber("ENV-1").replace("29ABCDE1234F1Z5", "29AAACT7002A1Z5"), "env-1");
        assertThat(liveInvoice.status()).as(liveInvoice.body()).isEqualTo(201);
        String liveId = liveInvoice.json().get("id").asString();

        assertThat(test.api().get("/v1/gsp-credentials/irn/29AAACT7002A1Z5").status()).isEqualTo(404);
        assertThat(test.api().get("/v1/einvoices/" + liveId).status()).isEqualTo(404);
        assertThat(live.api().get("/v1/einvoices/" + liveId).status()).isEqualTo(200);
    }

    private Set<String> v1Routes() {
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/v1"))
                .forEach(pattern -> {
                    List<String> methods = new ArrayList<>();
                    info.getMethodsCondition().getMethods().forEach(method -> methods.add(method.name()));
                    methods.forEach(method -> routes.add(method + " " + pattern));
                }));
        return routes;
    }

    private static ApiClient.Reply call(ApiClient api, Route route) {
        return api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + route.path()))
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json")
                .method(route.method(), route.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(route.body())));
    }
}
