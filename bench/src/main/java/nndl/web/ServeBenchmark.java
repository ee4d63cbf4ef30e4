package nndl.web;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nndl.data.Dataset;
import nndl.image.PredictBenchmark;
import nndl.image.Scans;
import nndl.model.ModelFile;
import nndl.nn.Network;
import nndl.testing.TestMnist;

/**
 * Latency of {@code POST /api/predict} with 8 clients at once on loopback. Run it from the
 * repository root:
 *
 * <pre>
 * mvn -q -B -Pbench -DskipTests package
 * java -XX:+UseSerialGC -cp bench/target/benchmarks.jar nndl.web.ServeBenchmark [MODEL.json]
 * java -XX:+UseSerialGC -cp bench/target/benchmarks.jar nndl.web.ServeBenchmark --url http://127.0.0.1:18080
 * </pre>
 *
 * It starts the server in this JVM on a free port (without a model it trains a [784,100,10]
 * cross-entropy network for an epoch on 10,000 images: the speed does not depend on how well it
 * is trained); with {@code --url} it drives a server already running, such as {@code ./nndl serve
 * --model M --port 18080} (the launcher's JVM options, the server alone in its JVM). Each of 8
 * client threads has its own HttpClient (one kept-alive connection) and sends, one after another,
 * 140×140 RGBA PNG drawings of test digits (as the page sends its canvas), then the same digits as
 * JSON grey levels; then 8 clients paced as the page sends while a person draws (a PNG every 100
 * ms each). Times are from sending the request to having the whole answer.
 */
public final class ServeBenchmark {
    static final int CLIENTS = 8;
    static final int WARMUP = 300;
    static final int REQUESTS = 1000;
    /** Requests per client when paced at the page's rate (one per 100 ms while drawing): 8 s. */
    static final int PACED = 80;

    public static void main(String[] args) throws Exception {
        Dataset test = TestMnist.mnist().test();
        if (args.length == 2 && args[0].equals("--url")) {
            URI predict = URI.create(args[1]).resolve("/api/predict");
            System.out.printf(Locale.ROOT, "%d cores, server at %s; %d requests per client after %d to warm up%n",
                    Runtime.getRuntime().availableProcessors(), args[1], REQUESTS, WARMUP);
            measure(predict, test);
            return;
        }
        Network network = args.length > 0 ? ModelFile.load(Path.of(args[0])) : PredictBenchmark.trainedBriefly();
        try (DigitServer server = DigitServer.start(network, Map.of(), "benchmark", test, "127.0.0.1", 0)) {
            System.out.printf(Locale.ROOT, "%d cores, network %s; %d requests per client after %d to warm up%n",
                    Runtime.getRuntime().availableProcessors(), Arrays.toString(network.sizes()), REQUESTS, WARMUP);
            measure(server.url().resolve("/api/predict"), test);
        }
    }

    /** Times the three kinds of load against the predict URI. */
    static void measure(URI predict, Dataset test) throws Exception {
        byte[][] pngs = new byte[50][];
        byte[][] jsons = new byte[50][];
        for (int i = 0; i < pngs.length; i++) {
            pngs[i] = canvas(test, i);
            StringBuilder s = new StringBuilder("{\"pixels\":[");
            for (int p = 0; p < 784; p++) {
                s.append(p > 0 ? "," : "").append(test.pixel(i, p));
            }
            jsons[i] = s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }
        String sizes = Arrays.stream(pngs).mapToInt(b -> b.length).min().getAsInt() + "-"
                + Arrays.stream(pngs).mapToInt(b -> b.length).max().getAsInt() + " bytes";
        for (int clients : new int[] {1, CLIENTS}) {
            String who = clients + (clients > 1 ? " clients" : " client ");
            System.out.printf(Locale.ROOT, "  %s back to back, PNG 140x140 (%s): %s%n", who, sizes,
                    run(predict, "image/png", pngs, clients, 0));
            System.out.printf(Locale.ROOT, "  %s back to back, JSON 784 grey levels:    %s%n", who,
                    run(predict, "application/json", jsons, clients, 0));
        }
        System.out.printf(Locale.ROOT, "  %d clients each drawing (a PNG every 100 ms):          %s%n", CLIENTS,
                run(predict, "image/png", pngs, CLIENTS, 100));
    }

    /**
     * Test digit i as the page sends its canvas: 140×140 RGBA PNG, solid black ink with anti-aliased
     * edges on white.
     */
    static byte[] canvas(Dataset test, int i) {
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        for (int p = 0; p < 784; p++) {
            digit.setRGB(p % 28, p / 28, test.pixel(i, p) >= 128 ? 0xff000000 : 0); // solid ink, as a pen draws
        }
        BufferedImage page = new BufferedImage(140, 140, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 140, 140);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(digit, 0, 0, 140, 140, null);
        g.dispose();
        return Scans.encode(page, "png");
    }

    /** "p50 1.23 ms, p90 ..., p99 ..., max ...; N requests/s". */
    static String run(URI uri, String type, byte[][] bodies, int count, long periodMillis) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(count);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            long start = 0;
            for (int phase = 0; phase < 2; phase++) {
                int n = phase == 0 ? (periodMillis > 0 ? 10 : WARMUP) : periodMillis > 0 ? PACED : REQUESTS;
                results.clear();
                start = System.nanoTime();
                for (int c = 0; c < count; c++) {
                    int client = c;
                    results.add(clients.submit(() -> {
                        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                        double[] ms = new double[n];
                        long first = System.nanoTime() + client * periodMillis * 1_000_000 / count;
                        for (int k = 0; k < n; k++) {
                            if (periodMillis > 0) { // one request every periodMillis, as the page sends them
                                long wait = first + k * periodMillis * 1_000_000 - System.nanoTime();
                                if (wait > 0) {
                                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                }
                            }
                            byte[] body = bodies[(client * 7 + k) % bodies.length];
                            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", type)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                            long t = System.nanoTime();
                            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            ms[k] = (System.nanoTime() - t) / 1e6;
                            if (r.statusCode() != 200) {
                                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
                            }
                        }
                        return ms;
                    }));
                }
                for (Future<double[]> f : results) {
                    f.get();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int n = results.get(0).get().length;
            double[] all = new double[count * n];
            for (int c = 0; c < count; c++) {
                System.arraycopy(results.get(c).get(), 0, all, c * n, n);
            }
            Arrays.sort(all);
            return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %.0f requests/s",
                    at(all, 0.50), at(all, 0.90), at(all, 0.99), all[all.length - 1], all.length / seconds);
        } finally {
            clients.shutdownNow();
        }
    }

    static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
