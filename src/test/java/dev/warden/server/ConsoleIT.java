package dev.warden.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.warden.failures.SampleFailures;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import dev.warden.runtime.Accounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' console in a real browser (Debian's Chromium, driven by Playwright) against a real server and
 * the real CNN: sign in, watch decisions arrive live and filter them, lift a ban, confirm a failure record after
 * looking at its evidence image, see the diff of a policy reload, open a report.
 */
class ConsoleIT {
    static final String ADMIN_KEY = "console-admin-key";
    static final String PROBER_KEY = "console-prober-key";
    static final Path CHROMIUM = Path.of(System.getProperty("warden.chromium", "/usr/bin/chromium"));
    static final Path SHOTS = TestServer.REPO.resolve("target/console-screenshots");

    @TempDir
    static Path dir;
    static RunningServer server;
    static TestServer client;
    static Playwright playwright;
    static Browser browser;
    static String failuresUrl;

    @BeforeAll
    static void start() throws Exception {
        failuresUrl = "jdbc:sqlite:" + dir.resolve("failures.db");
        JdbcFailureStore store = JdbcFailureStore.open(failuresUrl);
        store.add(SampleFailures.sample(0));
        Path reports = dir.resolve("reports");
        Files.createDirectories(reports.resolve("hsj-default"));
        Files.writeString(reports.resolve("hsj-default/report.html"), "<html><body><h1>Work factor of hsj</h1></body></html>");
        Files.writeString(dir.resolve("policy.yaml"), TestServer.cnnPolicy("""
                server: {rateLimit: {enabled: false}}
                anonymous: {allowed: true, tier: label}
                admin: {keySha256: ["%s"]}
                accounts:
                  - {id: prober, keySha256: "%s", tier: label}
                state: {dataDir: "%s"}
                failures: {url: "%s", capture: false}
                defenses:
                  - {type: lockout, banAfter: 2, banSeconds: 300}
                  - {type: validate}
                  - {type: query}
                  - {type: harden}
                """.formatted(Accounts.sha256(ADMIN_KEY), Accounts.sha256(PROBER_KEY), dir.resolve("data"), failuresUrl)));
        server = RunningServer.start(dir.resolve("policy.yaml"), "127.0.0.1", 0, null, reports);
        client = TestServer.attach(server, dir.resolve("policy.yaml"));
        assertThat(CHROMIUM).as("Debian's chromium (tools/test.sh installs it)").exists();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (server != null) server.close();
    }

    static Page signedIn() {
        Page page = browser.newPage();
        page.navigate(server.url() + "/console");
        page.getByLabel("Admin key").fill(ADMIN_KEY);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#tabs")).isVisible();
        return page;
    }

    void infer(double[] image) {
        client.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("console-q", image), null);
    }

    @Test
    void aWrongKeyIsRefusedAndTheConsolePageHoldsNoData() {
        Page page = browser.newPage();
        page.navigate(server.url() + "/console");
        page.getByLabel("Admin key").fill("not-the-key");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#login-error")).containsText("refused");
        assertThat(page.locator("#tabs")).isHidden();
        assertThat(client.get("/admin/decisions", null).statusCode()).isEqualTo(401);
        page.close();
    }

    @Test
    void decisionsArriveLiveAndFilterByAction() {
        Page page = signedIn();
        assertThat(page.locator("#stream-state")).hasText("live");
        infer(TestServer.testImages().image(3));
        double[] outOfRange = TestServer.testImages().image(4).clone();
        outOfRange[5] = 1.7;
        client.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("console-bad", outOfRange), null);
        assertThat(page.locator("#decision-rows td.action-allow").first()).isVisible();
        assertThat(page.locator("#decision-rows td.action-invalid").first()).isVisible();
        page.locator("#decision-filter select[name=action]").selectOption("invalid");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        assertThat(page.locator("#decision-rows tr").first().locator("td.action-invalid")).isVisible();
        assertThat(page.locator("#decision-rows td.action-allow")).hasCount(0);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("decisions.png")).setFullPage(true));
        page.close();
    }

    @Test
    void anOperatorLiftsABanFromTheAccountsView() {
        double[] x = TestServer.testImages().image(50);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 12; i++) {
            double[] y = x.clone();
            for (int k = 0; k < y.length; k++) y[k] = Math.min(1, Math.max(0, y[k] + (r.nextDouble() * 2 - 1) * 0.002));
            client.post("/v2/models/fashion-cnn/infer", TestServer.imagesBody("probe", y), PROBER_KEY);
        }
        assertThat(client.get("/admin/bans", ADMIN_KEY).body()).contains("prober");
        Page page = signedIn();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accounts & bans")).click();
        assertThat(page.locator("#ban-rows")).containsText("prober");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("accounts.png")).setFullPage(true));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lift")).click();
        assertThat(page.locator("#ban-rows")).containsText("no account is banned");
        assertThat(client.get("/admin/bans", ADMIN_KEY).body()).doesNotContain("prober");
        page.close();
    }

    @Test
    void aFailureIsReviewedWithItsEvidenceAndConfirmed() {
        String id = JdbcFailureStore.open(failuresUrl).list(RecordFilter.all(1)).get(0).id();
        Page page = signedIn();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Failures")).click();
        page.locator("#failure-rows tr[data-id='" + id + "']").click();
        assertThat(page.locator("#failure-evidence canvas")).hasCount(1);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("failures.png")).setFullPage(true));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();
        assertThat(page.locator("#failure-message")).hasText("status set to confirmed");
        assertThat(JdbcFailureStore.open(failuresUrl).get(id).orElseThrow().status().wire()).isEqualTo("confirmed");
        page.close();
    }

    @Test
    void theLastReloadIsShownAsADiffAndAReportOpensFromItsLink() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, Files.readString(policy).replace("banSeconds: 300", "banSeconds: 600"));
        Page page = signedIn();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Policy")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reload now")).click();
        assertThat(page.locator("#policy-message")).hasText("reloaded");
        assertThat(page.locator("#policy-diff .del")).containsText("banSeconds: 300");
        assertThat(page.locator("#policy-diff .add")).containsText("banSeconds: 600");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("policy.png")).setFullPage(true));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reports")).click();
        Page report = page.waitForPopup(() -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open")).click());
        assertThat(report.locator("h1")).hasText("Work factor of hsj");
        page.close();
    }
}
