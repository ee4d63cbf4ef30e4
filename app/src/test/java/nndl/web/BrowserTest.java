package nndl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nndl.data.Dataset;
import nndl.nn.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page end to end in a real headless browser: Debian's chromium driven through its
 * chromedriver by Selenium (never fetching a driver: both paths are given). Draws digits with
 * pointer input on the canvas and reads the answer off the page.
 */
class BrowserTest {
    static Chromium browser;
    static WebDriver driver;

    @TempDir
    static Path profile;

    @BeforeAll
    static void startBrowser() {
        if (!Chromium.AVAILABLE) {
            System.err.println("BrowserTest " + Chromium.MISSING);
            return;
        }
        Served.server();
        browser = new Chromium(profile, 1200, 1000);
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void needsTheBrowser() {
        assumeTrue(Chromium.AVAILABLE, Chromium.MISSING);
    }

    WebDriverWait waiting() {
        return browser.waiting(20);
    }

    @Test
    void aDigitDrawnWithThePointerIsReadAsTheApiReadsTheSameDrawing() {
        driver.get(Served.url("/").toString());
        WebElement canvas = driver.findElement(By.id("canvas"));
        assertEquals("", driver.findElement(By.id("digit")).getAttribute("data-digit"));
        // A "1": one stroke down the middle, slightly slanted, with the mouse.
        new Actions(driver).moveToElement(canvas, -8, -95).clickAndHold()
                .moveByOffset(2, 20).moveByOffset(2, 20).moveByOffset(2, 20).moveByOffset(2, 20)
                .moveByOffset(2, 20).moveByOffset(2, 20).moveByOffset(2, 20).moveByOffset(2, 20).moveByOffset(1, 10)
                .release().perform();
        int digit = awaitAnswer();
        JsonNode api = apiAnswerForTheCanvas();
        assertEquals(api.get("digit").asInt(), digit, "the page shows what the API answers for its drawing");
        assertEquals(1, digit, "a straight stroke is a 1");
        List<WebElement> bars = driver.findElements(By.cssSelector("#bars .bar"));
        assertEquals(10, bars.size());
        for (int d = 0; d < 10; d++) {
            assertEquals(api.get("probabilities").get(d).asDouble(), Double.parseDouble(bars.get(d).getAttribute("data-p")), 1e-7);
            assertEquals(d == digit, bars.get(d).getAttribute("class").contains("top"));
        }
        assertTrue(driver.findElement(By.id("confidence")).getText().endsWith("% sure"));
        screenshot("drawn-1");

        driver.findElement(By.id("clear")).click();
        assertEquals("–", driver.findElement(By.id("digit")).getText());
        assertEquals("", driver.findElement(By.id("digit")).getAttribute("data-digit"));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) driver).executeScript(
                "const c = document.getElementById('canvas');"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "return d.every(v => v === 255);"), "Clear leaves white paper");
    }

    @Test
    void aFingerDrawsToo() {
        driver.get(Served.url("/").toString());
        WebElement canvas = driver.findElement(By.id("canvas"));
        // A "7" with touch input: across the top, then down to the lower left.
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence stroke = new Sequence(finger, 0);
        int[][] path = {{-70, -90}, {-20, -90}, {30, -90}, {70, -90}, {55, -45}, {40, 0}, {25, 45}, {10, 90}};
        stroke.addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(canvas), path[0][0], path[0][1]));
        stroke.addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        for (int k = 1; k < path.length; k++) {
            stroke.addAction(finger.createPointerMove(Duration.ofMillis(40), PointerInput.Origin.fromElement(canvas),
                    path[k][0], path[k][1]));
        }
        stroke.addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        ((org.openqa.selenium.interactions.Interactive) driver).perform(List.of(stroke));
        int digit = awaitAnswer();
        assertEquals(apiAnswerForTheCanvas().get("digit").asInt(), digit);
        screenshot("drawn-7");
    }

    @Test
    void theStripShowsTestDigitsWithTheNetworksMistakesMarked() {
        driver.get(Served.url("/").toString());
        Network network = Served.network();
        Dataset test = Served.test();
        boolean sawMistake = false;
        // The network gets roughly one in eight wrong: ask for another set until one shows a mistake.
        for (int round = 0; round < 10 && !sawMistake; round++) {
            if (round > 0) {
                String before = tiles().get(0).getAttribute("data-index") + "," + tiles().get(1).getAttribute("data-index");
                driver.findElement(By.id("more")).click();
                waiting().until(d -> !(tiles().get(0).getAttribute("data-index") + ","
                        + tiles().get(1).getAttribute("data-index")).equals(before));
            }
            waiting().until(d -> tiles().size() == 20);
            int wrong = 0;
            for (WebElement tile : tiles()) {
                int i = Integer.parseInt(tile.getAttribute("data-index"));
                int label = Integer.parseInt(tile.getAttribute("data-label"));
                int guess = Integer.parseInt(tile.getAttribute("data-guess"));
                assertEquals(test.label(i), label);
                assertEquals(network.predict(test.image(i)), guess);
                assertEquals(String.valueOf(guess), tile.findElement(By.className("guess")).getText());
                boolean marked = tile.getAttribute("class").contains("wrong");
                assertEquals(guess != label, marked, "tile of test digit " + i);
                assertEquals(marked ? "is " + label : "", tile.findElement(By.className("truth")).getText());
                wrong += marked ? 1 : 0;
            }
            String summary = driver.findElement(By.id("summary")).getText();
            assertTrue(summary.startsWith(wrong == 0 ? "It reads all 20 right" : "It reads " + (20 - wrong) + " of 20 right"), summary);
            sawMistake = wrong > 0;
        }
        assertTrue(sawMistake, "some set of 20 showed a mistake");
        String model = driver.findElement(By.id("model")).getText();
        assertTrue(model.startsWith("small.json: [784, 20, 10] network"), model);
        screenshot("strip");
    }

    @Test
    void theBrowsersEventSourceReadsAStreamOfEvents() throws Exception {
        driver.get(Served.url("/").toString());
        EventChannel channel = Served.server().events("/api/test/browser-events");
        // Published once the page listens: EventSource connects after the script below has started.
        Thread publisher = new Thread(() -> {
            long until = System.nanoTime() + 20_000_000_000L;
            while (channel.listeners() == 0 && System.nanoTime() < until) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            channel.publish("epoch", java.util.Map.of("epoch", 2, "accuracy", 0.9375));
            channel.publish("done", java.util.Map.of("note", "ünïcödé\nand a line break"));
        });
        publisher.start();
        Object got = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const seen = [];"
                        + "const events = new EventSource('/api/test/browser-events');"
                        + "events.addEventListener('epoch', e => seen.push(e.lastEventId + ' ' + e.data));"
                        + "events.addEventListener('done', e => { seen.push(e.lastEventId + ' ' + e.data); events.close(); done(seen); });"
                        + "events.onerror = () => { if (events.readyState === EventSource.CLOSED) done(['error']); };");
        publisher.join(20_000);
        List<?> seen = (List<?>) got;
        assertEquals(2, seen.size(), seen.toString());
        assertEquals("0", seen.get(0).toString().split(" ", 2)[0], "the first event's id");
        JsonNode epoch = Served.JSON.readTree(seen.get(0).toString().split(" ", 2)[1]);
        assertEquals(2, epoch.get("epoch").asInt());
        assertEquals(0.9375, epoch.get("accuracy").asDouble());
        assertEquals("1", seen.get(1).toString().split(" ", 2)[0]);
        assertEquals("ünïcödé\nand a line break", Served.JSON.readTree(seen.get(1).toString().split(" ", 2)[1]).get("note").asText());
    }

    private List<WebElement> tiles() {
        return driver.findElements(By.cssSelector("#strip .tile"));
    }

    /** Waits until the page shows the answer for the drawing as it is now, and returns the digit shown. */
    private int awaitAnswer() {
        WebElement result = driver.findElement(By.id("result"));
        WebElement digit = driver.findElement(By.id("digit"));
        waiting().until(d -> "idle".equals(result.getAttribute("data-state")) && !digit.getAttribute("data-digit").isEmpty());
        assertFalse(driver.findElement(By.id("error")).isDisplayed());
        String shown = digit.getText();
        assertEquals(digit.getAttribute("data-digit"), shown);
        return Integer.parseInt(shown);
    }

    /** The JSON the page sends for its pad, straight from the browser, sent to the API by this test. */
    private JsonNode apiAnswerForTheCanvas() {
        String body = (String) ((JavascriptExecutor) driver).executeScript("return window.nndlDrawing();");
        Served.Answer a = Served.post("/api/predict", "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, a.status(), a.body());
        return a.json();
    }

    private static void screenshot(String name) {
        browser.screenshot(name);
    }
}
