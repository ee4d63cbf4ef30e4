package nndl.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import nndl.testing.TestMnist;

/** A server with the lab for the tests, on a free port of the loopback address, starting from an untrained network. */
final class LabServed implements AutoCloseable {
    final Lab lab;
    final DigitServer server;

    LabServed() {
        lab = new Lab(TestMnist.mnist(), Lab.untrained(), "untrained", Map.of(), false, LabLimits.DEFAULT, 2);
        server = DigitServer.start(lab, "127.0.0.1", 0, Limits.DEFAULT);
    }

    URI url(String path) {
        return server.url().resolve(path);
    }

    Served.Answer get(String path) {
        return Served.send(HttpRequest.newBuilder(url(path)).GET().build());
    }

    Served.Answer post(String path, String json) {
        return Served.send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    /** GET /api/lab until the run now satisfies the condition (within a minute), and its state then. */
    JsonNode awaitRun(Predicate<JsonNode> condition) {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonNode run = get("/api/lab").json().get("run");
            if (run != null && !run.isNull() && condition.test(run)) {
                return run;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("the run did not get there in 90 s: " + run);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until the digits the run now knows are measured (on a thread of their own: a second or so). */
    void awaitKnownDigits() {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (lab.known() == null) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the known digits were not measured in 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Stops the run now if it trains, and waits until it has ended. */
    void stopAnyRun() {
        JsonNode run = get("/api/lab").json().get("run");
        if (run != null && !run.isNull() && (run.get("state").asText().equals("running") || run.get("state").asText().equals("paused"))) {
            post("/api/lab/stop", "{}");
            awaitRun(r -> !r.get("state").asText().equals("running") && !r.get("state").asText().equals("paused"));
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
