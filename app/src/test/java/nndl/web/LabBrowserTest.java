package nndl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nndl.figures.SlowdownNeuron;
import nndl.nn.Cost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The lab as a teacher uses it, in headless Chromium: a small run started from the page gains points
 * on its curve; pause, resume and a new η from the page; a drawing read with the network as it is
 * now, its hidden neurons shown; a shared link fills in its settings; a test digit clicked goes on
 * the pad; the slowdown neuron plays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabBrowserTest {
    static LabServed served;
    static Chromium browser;

    @TempDir
    static Path profile;

    @BeforeAll
    static void start() {
        if (!Chromium.AVAILABLE) {
            System.err.println("LabBrowserTest " + Chromium.MISSING);
            return;
        }
        served = new LabServed();
        browser = new Chromium(profile, 1200, 3000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (served != null) {
            served.close();
        }
    }

    @BeforeEach
    void needsTheBrowser() {
        assumeTrue(Chromium.AVAILABLE, Chromium.MISSING);
    }

    @AfterEach
    void noRunLeft() {
        if (served != null) {
            served.stopAnyRun();
        }
    }

    /** Opens the page at this query and waits until the lab has loaded. */
    private void open(String query) {
        browser.driver.get(served.url("/" + query).toString());
        browser.waiting(30).until(d -> "true".equals(d.findElement(By.id("lab")).getAttribute("data-ready"))
                && "open".equals(d.findElement(By.id("lab")).getAttribute("data-stream")));
    }

    private WebElement byId(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private String field(String name) {
        return browser.driver.findElement(By.cssSelector("#settings [name='" + name + "']")).getAttribute("value");
    }

    private int pointsShown() {
        String n = byId("accuracy-chart").getAttribute("data-points");
        return n == null ? 0 : Integer.parseInt(n);
    }

    private String state() {
        return byId("lab-status").getAttribute("data-state");
    }

    /** The run the page shows (0 before any). */
    private int runShown() {
        String n = byId("lab-status").getAttribute("data-run");
        return n == null ? 0 : Integer.parseInt(n);
    }

    /** Presses Start and waits until the page shows the new run with at least {@code points} points. */
    private void startAndAwait(int points) {
        int before = runShown();
        byId("start").click();
        browser.waiting(60).until(d -> runShown() > before && pointsShown() >= points);
    }

    @Test
    @Order(1)
    void aSharedLinkFillsInItsSettings() {
        open("?sizes=784,50,10&cost=cross-entropy&output=sigmoid&activation=tanh&init=large&eta=0.25&lambda=5&dropout=0.1"
                + "&momentum=0.5&mini-batch-size=20&epochs=7&train-size=2000&seed=3");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("sizes", "784,50,10");
        expected.put("cost", "cross-entropy");
        expected.put("activation", "tanh");
        expected.put("init", "large");
        expected.put("eta", "0.25");
        expected.put("lambda", "5");
        expected.put("dropout", "0.1");
        expected.put("momentum", "0.5");
        expected.put("mini-batch-size", "20");
        expected.put("epochs", "7");
        expected.put("train-size", "2000");
        expected.put("seed", "3");
        expected.forEach((name, value) -> assertEquals(value, field(name), name));
        // A preset's name in the link fills in the preset, and the settings given beside it win.
        open("?preset=ch3-l2&epochs=4");
        assertEquals("ch3-l2", new Select(byId("preset")).getFirstSelectedOption().getAttribute("value"));
        assertEquals("cross-entropy", field("cost"));
        assertEquals(5.0, Double.parseDouble(field("lambda")));
        assertEquals("4", field("epochs"));
        // Changing a setting on the page changes the link.
        WebElement eta = browser.driver.findElement(By.cssSelector("#settings [name='eta']"));
        eta.clear();
        eta.sendKeys("0.125");
        String url = browser.driver.getCurrentUrl();
        assertTrue(url.contains("eta=0.125") && url.contains("epochs=4") && url.contains("sizes=784%2C30%2C10"), url);
    }

    @Test
    @Order(2)
    void aSmallRunStartedFromThePageGainsPointsAsItLearns() {
        open("?sizes=784,30,10&cost=quadratic&eta=3&epochs=4&train-size=1000&mini-batch-size=10&seed=1");
        // Every count of points the page shows, as it changes.
        browser.script("window.seenPoints = [];"
                + "const chart = document.getElementById('accuracy-chart');"
                + "new MutationObserver(() => window.seenPoints.push(Number(chart.dataset.points)))"
                + ".observe(chart, {attributes: true, attributeFilter: ['data-points']});");
        startAndAwait(1);
        browser.waiting(90).until(d -> "finished".equals(state()));
        JsonNode run = served.get("/api/lab").json().get("run");
        assertEquals(5, run.get("points").size(), "the start and 4 epochs");
        browser.waiting(10).until(d -> pointsShown() == 5);
        List<?> seen = (List<?>) browser.script("return window.seenPoints;");
        List<Long> counts = seen.stream().map(n -> ((Number) n).longValue()).distinct().toList();
        assertTrue(counts.containsAll(List.of(1L, 2L, 3L, 4L, 5L)), "the curve gained its points one by one: " + seen);
        String status = byId("lab-status").getText();
        assertTrue(status.startsWith("Run " + run.get("run").asInt() + " · epoch 4.00 of 4"), status);
        assertTrue(status.contains("test accuracy at the end"), status);
        String firstPoint = byId("lab-status").getAttribute("data-first-point-ms");
        System.out.println("LabBrowserTest: Start to the first point measured after learning began, on the page: "
                + firstPoint + " ms (1,000 images, [784, 30, 10]: the end of epoch 0)");
        // The hidden neurons are drawn from the network as it learned.
        browser.waiting(10).until(d -> "30".equals(byId("neuron-grid").getAttribute("data-count")));
        browser.screenshot("lab-run");
    }

    @Test
    @Order(3)
    void pauseResumeAndANewEtaFromThePage() {
        open("?sizes=784,100,10&eta=3&epochs=40&train-size=20000&seed=2");
        startAndAwait(2);
        byId("pause").click();
        browser.waiting(30).until(d -> "paused".equals(state()));
        assertEquals("paused", served.get("/api/lab").json().get("run").get("state").asText());
        assertEquals("Resume", byId("pause").getText());
        WebElement eta = byId("eta-now");
        eta.clear();
        eta.sendKeys("0.5");
        byId("set-eta").click();
        browser.waiting(10).until(d -> served.get("/api/lab").json().get("run").get("eta").asDouble() == 0.5);
        int paused = served.get("/api/lab").json().get("run").get("points").size();
        byId("pause").click(); // Resume
        browser.waiting(30).until(d -> "running".equals(state()));
        JsonNode run = served.awaitRun(r -> r.get("points").size() >= paused + 2);
        JsonNode last = run.get("points").get(run.get("points").size() - 1);
        assertEquals(0.5, last.get("eta").asDouble(), "trained at the new eta after the change");
        browser.waiting(10).until(d -> byId("lab-status").getText().contains("η 0.5"));
        byId("stop").click();
        browser.waiting(60).until(d -> "stopped".equals(state()));
        assertFalse(byId("pause").isEnabled());
        assertTrue(byId("start").isEnabled());
    }

    @Test
    @Order(4)
    void aDrawingIsReadWithTheNetworkAsItIsNowAndItsHiddenNeuronsFire() {
        open("?sizes=784,30,10&eta=3&epochs=2&train-size=5000&seed=1");
        startAndAwait(1);
        browser.waiting(90).until(d -> "finished".equals(state()));
        served.awaitKnownDigits();
        WebElement canvas = byId("canvas");
        new Actions(browser.driver).moveToElement(canvas, -8, -95).clickAndHold()
                .moveByOffset(2, 40).moveByOffset(2, 40).moveByOffset(2, 40).moveByOffset(2, 40).moveByOffset(1, 30)
                .release().perform();
        WebElement result = byId("result");
        WebElement digit = byId("digit");
        browser.waiting(30).until(d -> "idle".equals(result.getAttribute("data-state")) && !digit.getAttribute("data-digit").isEmpty());
        String body = (String) browser.script("return window.nndlDrawing();");
        JsonNode api = served.post("/api/predict", body).json();
        assertEquals(api.get("digit").asInt(), Integer.parseInt(digit.getAttribute("data-digit")), "the page shows the API's answer");
        JsonNode run = served.get("/api/model").json();
        assertEquals("finished", run.get("state").asText(), "read with the run's network: " + run);
        assertEquals(1, api.get("digit").asInt(), "a straight stroke is a 1");
        // The hidden neurons' activations for this drawing, under their weights.
        browser.waiting(10).until(d -> "30".equals(byId("neuron-grid").getAttribute("data-activations")));
        List<WebElement> fire = browser.driver.findElements(By.cssSelector("#neuron-grid .fire"));
        for (int j = 0; j < 30; j++) {
            assertEquals(api.get("hidden").get(j).asDouble(), Double.parseDouble(fire.get(j).getAttribute("data-a")), 1e-9);
        }
        assertEquals("false", result.getAttribute("data-unlike"), "a 1 is like the digits it learned");
        browser.screenshot("lab-drawn-1");
        // A tangle scribbled over the pad is unlike them all.
        byId("clear").click();
        Actions scribble = new Actions(browser.driver).moveToElement(canvas, -110, -110).clickAndHold();
        int[][] zigzag = {{220, 30}, {-200, 40}, {210, 20}, {-190, 50}, {200, 10}, {-220, 40}, {150, -160}, {-40, 200}, {-80, -150}, {200, 60}};
        for (int[] step : zigzag) {
            scribble = scribble.moveByOffset(step[0], step[1]);
        }
        scribble.release().perform();
        browser.waiting(30).until(d -> "idle".equals(result.getAttribute("data-state")));
        JsonNode scribbled = served.post("/api/predict", (String) browser.script("return window.nndlDrawing();")).json();
        assertEquals(String.valueOf(scribbled.get("nearest").get("unlike").asBoolean()), result.getAttribute("data-unlike"));
        assertTrue(scribbled.get("nearest").get("unlike").asBoolean(), "the tangle: " + scribbled.get("nearest"));
        assertTrue(byId("unlike").isDisplayed());
        browser.screenshot("lab-scribble");
    }

    @Test
    @Order(5)
    void aTestDigitClickedGoesOnThePad() {
        open("");
        browser.waiting(30).until(d -> d.findElements(By.cssSelector("#strip .tile")).size() == 20);
        WebElement tile = browser.driver.findElements(By.cssSelector("#strip .tile")).get(3);
        int index = Integer.parseInt(tile.getAttribute("data-index"));
        int guess = Integer.parseInt(tile.getAttribute("data-guess"));
        tile.click();
        WebElement result = byId("result");
        browser.waiting(30).until(d -> "idle".equals(result.getAttribute("data-state")) && !byId("digit").getAttribute("data-digit").isEmpty());
        assertEquals("{\"test_digit\":" + index + "}", browser.script("return window.nndlDrawing();"));
        assertEquals(guess, Integer.parseInt(byId("digit").getAttribute("data-digit")), "as the strip read it");
        Object inked = browser.script("const c = document.getElementById('canvas');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] < 128) n++; } return n;");
        assertTrue(((Number) inked).intValue() > 1000, "the digit is on the pad: " + inked + " dark pixels");
        // A stroke drawn on it is sent with it.
        new Actions(browser.driver).moveToElement(byId("canvas"), -100, 120).clickAndHold().moveByOffset(200, 0).release().perform();
        browser.waiting(30).until(d -> ((String) browser.script("return window.nndlDrawing();")).contains("\"under\""));
        JsonNode body = Served.JSON.valueToTree(parse((String) browser.script("return window.nndlDrawing();")));
        assertEquals(784, body.get("under").size());
        assertEquals(1, body.get("strokes").size());
    }

    private static Object parse(String json) {
        try {
            return Served.JSON.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(6)
    void theSlowdownNeuronPlays() {
        open("");
        byId("neuron-play").click();
        browser.waiting(30).withMessage(() -> byId("neuron-q-text").getText() + " / " + byId("neuron-card").getAttribute("data-playing")).until(d -> "false".equals(byId("neuron-card").getAttribute("data-playing"))
                && "300".equals(byId("neuron-q").getAttribute("data-epoch")));
        double quadratic = Double.parseDouble(byId("neuron-q").getAttribute("data-output"));
        double crossEntropy = Double.parseDouble(byId("neuron-x").getAttribute("data-output"));
        assertEquals(SlowdownNeuron.learn(Cost.QUADRATIC, SlowdownNeuron.BAD_START, 0.15, 300).get(300).output(), quadratic, 1e-12);
        assertEquals(SlowdownNeuron.learn(Cost.CROSS_ENTROPY, SlowdownNeuron.BAD_START, 0.005, 300).get(300).output(), crossEntropy, 1e-12);
        browser.screenshot("lab-neuron");
    }
}
