package dev.frauddetection.systemtests;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.frauddetection.localstack.DashboardUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The analysts' page in a real browser (Debian's Chromium driven by Playwright) against the whole running system:
 * log in as the local stack's dev analyst, see an alert for a row inserted with plain SQL appear live, confirm it as
 * fraud, and find the chargeback in PostgreSQL, where Debezium carries it to the detector. Leaves a screenshot in
 * target/dashboard.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private RunningSystem system;
    private Playwright playwright;
    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        assertThat(CHROMIUM).as("Chromium (apt-get install chromium; .ci/run does)").isExecutable();
        Path target = Path.of("target");
        Files.deleteIfExists(target.resolve("browser-launcher.log"));
        system = RunningSystem.onFreePorts(target.resolve("browser-data"), target.resolve("browser-launcher.log"));
        system.start(true, Duration.ofSeconds(240));
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox")));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
            if (playwright != null) {
                playwright.close();
            }
        } finally {
            if (system != null) {
                system.close();
            }
        }
    }

    @Test
    void anAnalystSeesAnAlertArriveLiveAndConfirmsIt() throws Exception {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1100));
        String dashboard = "http://127.0.0.1:" + system.port("FRAUD_DASHBOARD_PORT");

        page.navigate(dashboard + "/");
        assertThat(page.url()).as("the page asks for a login first").contains("/login.html");
        page.fill("#username", DashboardUsers.ANALYST);
        page.fill("#password", DashboardUsers.ANALYST_PASSWORD);
        page.click("#login");
        page.waitForURL(dashboard + "/");
        page.locator("#status.live").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
        assertThat(page.textContent("header .user")).contains("analyst (analyst)");

        String id = UUID.randomUUID().toString();
        long inserted = System.nanoTime();
        insertPayment(id, "acc-browser", "9800.00");
        Locator row = page.locator("tr[data-transaction-id=\"" + id + "\"]");
        row.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(60_000));
        long visibleMillis = Duration.ofNanos(System.nanoTime() - inserted).toMillis();
        System.out.printf("Row inserted with SQL to alert visible in Chromium: %d ms%n", visibleMillis);
        assertThat(row.textContent()).contains("acc-browser").contains("9800.00 EUR").contains("high-amount");

        row.locator("button.confirm-fraud").click();
        row.locator("td.triage .CONFIRMED_FRAUD").waitFor(new Locator.WaitForOptions().setTimeout(15_000));
        assertThat(row.locator("td.triage").textContent()).isEqualTo("CONFIRMED_FRAUD by analyst");

        try (Connection db = DriverManager.getConnection(system.jdbcUrl(), "payments", "payments-local")) {
            assertThat(string(db, "SELECT status FROM transactions WHERE id = ?::uuid", id))
                    .as("the chargeback reached the source of truth through ingest-service").isEqualTo("CHARGEBACK");
            assertThat(string(db, "SELECT analyst || ' ' || outcome || ' ' || feedback FROM dashboard.alert_triage "
                    + "WHERE transaction_id = ?", id)).isEqualTo("analyst CONFIRMED_FRAUD CHARGEBACK_RECORDED");
        }

        // The aggregates arrive as snapshots: the payment shows in the per-bank table, the connectors as running.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(page.textContent("#banks")).contains("bank-e2e");
            assertThat(page.textContent("#connectors")).contains("transactions-cdc").contains("RUNNING");
            // The detector's state report: the accounts it holds of its heap-derived budget, as one detector.
            assertThat(page.textContent("#detector-memory"))
                    .matches("[\\d,]+ of 5[\\d,]{6} \\(1 detector\\); merchants [\\d,]+ of 20,000");
            assertThat(page.textContent("#risky-accounts")).contains("acc-browser");
            // An outside writer put a card-like number into the merchant name (not a card number: it fails Luhn, so
            // the database takes it): the dashboard still shows only its last 4 digits.
            assertThat(page.textContent("#merchants")).contains("Shop of card •••• 5557");
        });
        assertThat(page.content()).as("no card number beyond its last 4 digits").doesNotContain("4000056655665557");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/dashboard.png")).setFullPage(true));
    }

    private void insertPayment(String id, String account, String amount) throws Exception {
        try (Connection db = DriverManager.getConnection(system.jdbcUrl(), "payments", "payments-local");
             PreparedStatement st = db.prepareStatement("""
                     INSERT INTO transactions (id, account_id, card_fingerprint, card_last4, bank_id, payment_system,
                       channel, amount, currency, merchant_id, merchant_name, created_at)
                     VALUES (?::uuid, ?, 'fp-browser', '5556', 'bank-e2e', 'VISA', 'ONLINE', ?::numeric, 'EUR',
                       'm-browser', 'Shop of card 4000056655665557', now())""")) {
            st.setString(1, id);
            st.setString(2, account);
            st.setString(3, amount);
            st.executeUpdate();
        }
    }

    private static String string(Connection db, String sql, String arg) throws Exception {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
