package dev.openirn.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.admin.AdminCommand;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.ewaybill.EwayBillTest;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real browser, as an operator uses it: the admin command creates the user, who signs in, changes
 * the generated password, finds the e-invoice a sandbox fault left failed, retries it, watches the overview change,
 * cancels it, manages credentials and API clients, and signs out; a form without its CSRF token is refused, a
 * viewer may not act, wrong passwords lock the account, and another organization's e-invoice stays invisible.
 * The retry backoff is long here, so only the console's "Retry now" can bring the failed e-invoice back.
 */
class ConsoleBrowserTest extends ServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Browser browser;

    @Autowired
    OpenIrnProperties properties;
    @Autowired
    RunningIrpSandbox sandbox;
    @Autowired
    ApiClients clients;
    @Autowired
    ConsoleUsers users;
    @Autowired
    EInvoices invoices;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void slowBackgroundRetries(DynamicPropertyRegistry registry) {
        registry.add("openirn.retry.initial-delay", () -> "10m");
        registry.add("openirn.retry.max-delay", () -> "10m");
        registry.add("openirn.retry.poll-interval", () -> "200ms");
    }

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        assertThat(Browser.browserProcesses()).as("browser processes left running").isEmpty();
    }

    @Test
    void anOperatorFindsRetriesAndCancelsAFailedInvoiceAndManagesCredentialsAndClients() {
        String orgName = "console-" + System.nanoTime();
        Tenants.Tenant tenant = new Tenants(clients, port).client(orgName, ApiEnvironment.TEST);
        String adminEmail = "ops-" + System.nanoTime() + "@example.in";

        // The admin command creates the user and prints a generated password once.
        JsonNode created = JSON.readTree(admin("create-user", "--org", orgName, "--email", adminEmail, "--role", "admin",
                "--json"));
        String generated = created.get("password").asString();
        assertThat(created.get("mustChangePassword").asBoolean()).isTrue();
        assertThat(jdbc.sql("select password_hash from console_user where email = :e").param("e", adminEmail)
                .query(String.class).single()).startsWith("{bcrypt}").doesNotContain(generated);

        // Sign-in failure, then sign-in with the generated password, which must be changed first.
        open("/console");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/login");
        browser.screenshot("sign-in");
        signIn(adminEmail, "not-the-password");
        assertThat(text("#sign-in-error")).contains("Wrong email or password");
        signIn(adminEmail, generated);
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/password");
        open("/console/einvoices");
        assertThat(browser.driver.getCurrentUrl()).as("nothing before the password change").endsWith("/console/password");
        String chosen = "Chosen-password-" + System.nanoTime();
        type("#current", generated);
        type("#replacement", chosen);
        type("#confirmation", chosen);
        browser.screenshot("change-password");
        click("#change-password");
        assertThat(browser.driver.getCurrentUrl()).contains("/console?passwordChanged");

        // A sandbox fault leaves an e-invoice failed_retriable with NIC's system error.
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN));
        String number = ApiClient.uniqueNumber("CON");
        ApiClient.Reply reply = tenant.api().post("/v1/einvoices", ApiClient.quickstartWithNumber(number), "console-" + number);
        sandbox.clearFaults();
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String id = reply.json().get("id").asString();
        assertThat(reply.json().get("status").asString()).isEqualTo("failed_retriable");
        String upstreamCode = invoices.get(id).orElseThrow().upstreamCode();
        assertThat(upstreamCode).isNotBlank();

        open("/console?env=test");
        assertThat(text("#count-failed_retriable")).isEqualTo("1");
        assertThat(text("#queue-depth")).isEqualTo("1");
        assertThat(text("#irp-errors")).contains(upstreamCode);
        assertThat(text("section[aria-labelledby='irp']")).contains("irp-sandbox-generate", "ewb-sandbox-write");
        browser.screenshot("overview-failed");

        // Find it by status and by number.
        open("/console/einvoices");
        new Select(find("#status")).selectByValue("failed_retriable");
        click("#search");
        assertThat(text("#einvoices")).contains(number).contains("₹ 11,800.00");
        type("#number", number);
        new Select(find("#status")).selectByValue("");
        click("#search");
        browser.screenshot("einvoices");
        browser.driver.findElement(By.linkText("INV " + number)).click();
        assertThat(text("#status")).isEqualTo("failed_retriable");
        assertThat(text("#upstream-code")).isEqualTo(upstreamCode);

        assertThat(text("#timeline")).contains("failed_retriable");
        browser.screenshot("einvoice-failed");

        // Retry now: the worker registers it, the overview follows.
        click("#retry-now");
        assertThat(text("#notice")).contains("Retry requested");
        await(() -> {
            browser.driver.navigate().refresh();
            return text("#status").equals("generated");
        });
        assertThat(text("#timeline")).contains("console: retry now (ok)").contains("generated");
        assertThat(find("#qr").getAttribute("naturalWidth")).isNotEqualTo("0");
        assertThat(fetchStatusAndType(find("#pdf-link").getAttribute("href"))).isEqualTo("200 application/pdf");
        assertThat(fetchStatusAndType(find("#json-link").getAttribute("href"))).isEqualTo("200 application/json");
        browser.screenshot("einvoice-generated");
        open("/console");
        assertThat(text("#count-failed_retriable")).isEqualTo("0");
        assertThat(text("#count-generated")).isEqualTo("1");
        assertThat(text("#queue-depth")).isEqualTo("0");
        browser.screenshot("overview");

        // Cancel with a reason.
        open("/console/einvoices/" + id);
        new Select(find("#reasonCode")).selectByValue("1");
        type("#remarks", "Entered twice");
        click("#cancel");
        assertThat(text("#notice")).isEqualTo("Cancelled on the IRP.");
        assertThat(text("#status")).isEqualTo("cancelled");
        assertThat(tenant.api().get("/v1/einvoices/" + id).json().get("status").asString()).isEqualTo("cancelled");

        // Credentials: add, test, rotate to a wrong password (the test says so), delete. Passwords never shown.
        String gstin = "29AAACV1001A1Z5";
        open("/console/credentials");
        new Select(find("#portal")).selectByValue("irn");
        type("#cred-gstin", gstin);
        type("#userName", sandbox.defaultUserName());
        type("#cred-password", sandbox.defaultPassword());
        type("#notes", "set up from the console");
        click("#save-credential");
        assertThat(text("#notice")).contains("Saved the IRN credential of " + gstin);
        assertThat(text("#credentials")).contains(gstin).contains("stored");
        click("#test-" + gstin);
        assertThat(text("#notice")).contains("Connection to the IRP works for " + gstin);
        browser.screenshot("credentials");
        type("#cred-gstin", gstin);
        type("#cred-password", "Wrong-password-1");
        click("#save-credential");
        assertThat(text("#notice")).contains("password rotated");
        click("#test-" + gstin);
        assertThat(text("#problem")).contains("The IRP refused " + gstin);
        assertThat(browser.driver.getPageSource()).doesNotContain(sandbox.defaultPassword()).doesNotContain("Wrong-password-1");
        click("#delete-" + gstin);
        assertThat(text("#notice")).contains("Deleted the credential of " + gstin);
        assertThat(text("#credentials")).doesNotContain(gstin);

        // API clients: create (secret shown once and working), rotate, rate limits, disable.
        open("/console/clients");
        type("#label", "billing system");
        click("#create-client");
        String clientId = text("#issued-id");
        String secret = text("#issued-secret");
        assertThat(clientId).startsWith("ofin_test_");
        assertThat(new ApiClient(port).token(clientId, secret)).isNotBlank();
        browser.screenshot("clients");
        open("/console/clients");
        assertThat(browser.driver.getPageSource()).as("the secret is shown once").doesNotContain(secret);
        click("#rotate-" + clientId);
        String rotated = text("#issued-secret");
        assertThat(rotated).isNotEqualTo(secret);
        assertThat(new ApiClient(port).tokenRequest(java.util.Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret, "scope", "gstn-india")).status()).isEqualTo(401);
        type("#api-limit-" + clientId, "120");
        click("#limits-" + clientId);
        // The click returns once the browser has sent the form; the page after the redirect says it is saved.
        await(() -> {
            try {
                return browser.driver.findElements(By.id("notice")).stream()
                        .anyMatch(notice -> notice.getText().contains("Rate limits of " + clientId));
            } catch (org.openqa.selenium.StaleElementReferenceException navigating) {
                return false;
            }
        });
        assertThat(jdbc.sql("select rate_limit_api from api_client where client_id = :id").param("id", clientId)
                .query(Integer.class).optional()).contains(120);
        click("#disable-" + clientId);
        assertThat(text("#status-" + clientId)).isEqualTo("disabled");

        // A form posted without its CSRF token is refused and changes nothing.
        open("/console/clients");
        browser.driver.executeScript("document.querySelectorAll('form input[name=_csrf]').forEach(e => e.remove());");
        type("#label", "forged");
        click("#create-client");
        assertThat(text("#forbidden")).contains("did not come from the console");
        assertThat(jdbc.sql("select count(*) from api_client where label = 'forged'").query(Long.class).single()).isZero();
        browser.screenshot("csrf-refused");

        // On a phone the overview fits the screen's width.
        open("/console");
        browser.resize(390, 844);
        assertThat((Long) browser.driver.executeScript("return document.documentElement.scrollWidth"))
                .isLessThanOrEqualTo((Long) browser.driver.executeScript("return window.innerWidth"));
        browser.screenshot("overview-phone");
        browser.resize(1280, 1000);

        // Sign out.
        open("/console");
        click("#sign-out");
        assertThat(browser.driver.getCurrentUrl()).contains("/console/login?signedOut");
        open("/console/einvoices");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/login");

        // Every action left its audit row.
        List<String> actions = jdbc.sql("select action || ':' || outcome from console_audit where email = :e order by id")
                .param("e", adminEmail).query(String.class).list();
        assertThat(actions).contains("sign_in:wrong_password", "sign_in:ok", "change_password:ok", "retry_now:ok",
                "cancel:cancelled", "save_credential:created", "test_credential:ok", "save_credential:password_rotated",
                "test_credential:failed", "delete_credential:ok", "create_client:ok", "rotate_client_secret:ok",
                "set_rate_limits:ok", "disable_client:ok", "POST /console/clients:refused_csrf", "sign_out:ok");

        // A viewer sees the e-invoice but may not act on it.
        String viewerEmail = "viewer-" + System.nanoTime() + "@example.in";
        String viewerPassword = "Viewer-password-" + System.nanoTime();
        users.create(tenant.organizationId(), viewerEmail, ConsoleRole.VIEWER, viewerPassword);
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN));
        String second = ApiClient.uniqueNumber("VIEW");
        String secondId = tenant.api().post("/v1/einvoices", ApiClient.quickstartWithNumber(second), "console-" + second)
                .json().get("id").asString();
        sandbox.clearFaults();
        signIn(viewerEmail, viewerPassword);
        open("/console/einvoices/" + secondId);
        assertThat(text("#status")).isEqualTo("failed_retriable");
        assertThat(browser.driver.findElements(By.id("retry-now"))).isEmpty();
        assertThat(postWithCsrf("/console/einvoices/" + secondId + "/retry")).isEqualTo(403);
        assertThat(invoices.get(secondId).orElseThrow().nextRetryAt()).isAfter(Instant.now().plus(Duration.ofMinutes(5)));
        assertThat(jdbc.sql("select count(*) from console_audit where email = :e and outcome = 'denied_role'")
                .param("e", viewerEmail).query(Long.class).single()).isEqualTo(1);

        // E-way bills are listed too, found by a vehicle they carried.
        String ewbDocument = ApiClient.uniqueNumber("CEW").replace("_", "-");
        ApiClient.Reply ewaybill = tenant.api().post("/v1/ewaybills",
                EwayBillTest.standalone(ewbDocument, EwayBillTest.BY_ROAD), "console-ewb-" + ewbDocument);
        assertThat(ewaybill.status()).as(ewaybill.body()).isEqualTo(201);
        open("/console/ewaybills");
        type("#vehicle", "KA01AB1234");
        click("#search");
        assertThat(text("#ewaybills")).contains(ewbDocument).contains(ewaybill.json().get("ewbNumber").asString())
                .contains("generated");

        // Another organization's e-invoice is not found.
        String foreign = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("OTHER")),
                "console-other-" + System.nanoTime()).json().get("id").asString();
        open("/console/einvoices/" + foreign);
        assertThat(text("#problem")).contains("not found");
        click("#sign-out");

        // Five wrong passwords lock the account: then even the right one is refused.
        for (int i = 0; i < 5; i++) {
            signIn(viewerEmail, "wrong-" + i);
        }
        signIn(viewerEmail, viewerPassword);
        assertThat(browser.driver.getCurrentUrl()).contains("/console/login?error");
        assertThat(users.find(viewerEmail).orElseThrow().lockedUntil()).isAfter(Instant.now());
    }

    private String admin(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new java.util.ArrayList<>(List.of(arguments));
        all.add("--openirn.data-dir=" + properties.dataDir());
        all.add("--logging.level.root=INFO");
        int code = AdminCommand.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private void signIn(String email, String password) {
        open("/console/login");
        type("#email", email);
        type("#password", password);
        click("#sign-in");
    }

    private void open(String path) {
        browser.driver.get("http://localhost:" + port + path);
    }

    private WebElement find(String css) {
        try {
            return browser.driver.findElement(By.cssSelector(css));
        } catch (org.openqa.selenium.NoSuchElementException e) {
            throw new AssertionError("No " + css + " on " + browser.driver.getCurrentUrl() + ":\n"
                    + browser.driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    private String text(String css) {
        return find(css).getText().strip();
    }

    private void type(String css, String value) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(value);
    }

    /** Clicks a button that submits its form, and waits until the browser has left the page (the next one loads). */
    private void click(String css) {
        WebElement button = find(css);
        button.click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(driver -> isGone(button));
    }

    /**
     * True once the element's page has been replaced. While the next page loads, Chromium may say so with an
     * inspector error ("does not belong to the document") rather than a stale-element error; both mean gone.
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** GETs a link with the browser's session and says "status content-type". */
    private String fetchStatusAndType(String url) {
        return (String) browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => done(r.status + ' ' + (r.headers.get('content-type') || '').split(';')[0]))
                  .catch(e => done('error ' + e));""", url);
    }

    /** POSTs with the page's CSRF token, as a tampered page could; returns the status. */
    private int postWithCsrf(String path) {
        Object status = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const header = document.querySelector('meta[name=csrf-header]').content;
                const token = document.querySelector('meta[name=csrf-token]').content;
                fetch(arguments[0], {method: 'POST', headers: {[header]: token}}).then(r => done(r.status))
                  .catch(e => done(-1));""", path);
        return ((Number) status).intValue();
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 30 s");
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
