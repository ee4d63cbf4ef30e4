package nndl.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.figures.SlowdownNeuron;
import nndl.image.NearestDigits;
import nndl.math.SparseRows;
import nndl.nn.Cost;
import nndl.nn.Layer;
import nndl.nn.Network;
import nndl.train.Preset;
import nndl.train.Settings;
import nndl.viz.WeightTiles;

/**
 * The lab behind {@code nndl serve}'s page: a network trained in the server while the page
 * watches. One run at a time (a second Start is refused while one trains), within
 * {@link LabLimits}; the page follows it through Server-Sent Events ({@code /api/lab/events}:
 * {@code point}, {@code state}, {@code eta}) and reads drawings with it as it learns. Ended runs stay
 * (the last {@value #KEPT_RUNS}) so that the page can draw them beside the new one.
 *
 * <p>Before any run the page reads with the network serve started with: a saved model, or an
 * untrained one ("it guesses").
 *
 * <p>The API, all JSON ({@code {"error"}} with 400 for a bad request, 409 for one the run's state
 * does not allow):
 * <ul>
 * <li>{@code GET /api/lab}: the limits, the presets, the run now and the runs kept, with their points;</li>
 * <li>{@code POST /api/lab/start} with settings by name (as settings files write them:
 * {@code {"preset": "ch1", "eta": 0.5, "train-size": 1000}}) → the run's number and settings;</li>
 * <li>{@code POST /api/lab/pause}, {@code /resume}, {@code /stop}; {@code POST /api/lab/eta {"eta": x}};</li>
 * <li>{@code GET /api/lab/weights?count=N}: the first hidden layer's incoming weights as a PNG (a data URL);</li>
 * <li>{@code GET /api/neuron?cost=&w=&b=&eta=&epochs=}: the learning-slowdown neuron, epoch by epoch.</li>
 * </ul>
 */
public final class Lab implements DigitApi.Reader, LabJob.Events {
    public static final int KEPT_RUNS = 20;
    /** The most epochs of the single neuron one request computes. */
    static final int NEURON_EPOCHS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mnist mnist;
    private final LabLimits limits;
    private final int threads;
    private final Network start;
    private final ObjectNode startModel;
    /** The digits each training-set size knows, measured once per size, in the background. */
    private final Map<Integer, CompletableFuture<NearestDigits>> known = new ConcurrentHashMap<>();
    private final boolean trained;
    private final Deque<LabJob> ended = new ArrayDeque<>();
    private volatile LabJob job;
    private EventChannel events;
    private int nextRun = 1;

    /**
     * @param mnist     the data runs train and are measured on
     * @param start     the network to read with before any run
     * @param startName what it is ("model.json", or "untrained")
     * @param info      what its model file says (empty for an untrained one)
     * @param trained   whether it was trained (on MNIST's training images): then the digits it knows are theirs
     * @param threads   threads for training
     */
    public Lab(Mnist mnist, Network start, String startName, Map<String, Object> info, boolean trained, LabLimits limits,
               int threads) {
        this.mnist = mnist;
        this.limits = limits;
        this.threads = threads;
        this.start = start;
        this.trained = trained;
        knownFor(Mnist.TRAINING_SIZE); // most runs, and a saved model, know the first 10,000: measured while serve starts
        Thread warmUp = new Thread(this::warmUp, "nndl-lab-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        DigitApi.Reader fixed = DigitApi.fixed(start, info, startName, mnist.test(), null);
        this.startModel = fixed.model().deepCopy();
        startModel.put("untrained", !trained);
    }

    /**
     * Readies the training code while serve starts, on a thread of its own, so that the first run
     * starts as fast as later ones (in a fresh JVM its first 5,000 images took a second, later
     * runs' 20-40 ms): the training images' ink is found (once, for all of them) and a throwaway
     * network trains one epoch on 2,000 images, which has the JIT compile the training loop.
     */
    private void warmUp() {
        int[] first = {0};
        mnist.training().fillBatch(first, 0, new SparseRows(1, Mnist.PIXELS), null);
        Settings small = Settings.DEFAULT.toBuilder().epochs(1).trainSize(2000).build();
        small.sgd().threads(1).train(small.network(), small.trainingData(mnist.training()), mnist.validation().first(1000),
                r -> { });
    }

    /** An untrained network for serve without --model: the book's [784, 30, 10], its weights drawn from seed 1. */
    public static Network untrained() {
        return Settings.DEFAULT.network();
    }

    /** Serves the lab on a server: its routes and its stream of events. */
    void serveOn(DigitServer server) {
        events = server.events("/api/lab/events");
        server.route("/api/lab", java.util.Set.of("GET"), call -> state());
        server.route("/api/lab/start", java.util.Set.of("POST"), call -> start(body(call.body())));
        server.route("/api/lab/pause", java.util.Set.of("POST"), call -> control(LabJob::pause));
        server.route("/api/lab/resume", java.util.Set.of("POST"), call -> control(LabJob::resume));
        server.route("/api/lab/stop", java.util.Set.of("POST"), call -> control(LabJob::stop));
        server.route("/api/lab/eta", java.util.Set.of("POST"), call -> eta(body(call.body())));
        server.route("/api/lab/weights", java.util.Set.of("GET"), call -> weights(call.query()));
        server.route("/api/neuron", java.util.Set.of("GET"), call -> neuron(call.query()));
    }

    // ---- the reader: what the page's pad reads with ----

    @Override
    public Network network() {
        LabJob j = job;
        return j == null ? start : j.network();
    }

    @Override
    public NearestDigits known() {
        LabJob j = job;
        if (j == null && !trained) {
            return null; // an untrained network knows no digits
        }
        return knownFor(j == null ? Mnist.TRAINING_SIZE : LabLimits.images(j.settings)).getNow(null);
    }

    @Override
    public ObjectNode model() {
        LabJob j = job;
        if (j == null) {
            return startModel;
        }
        ObjectNode m = DigitApi.describe(j.network(), "run " + j.id);
        m.put("run", j.id);
        m.put("state", j.state().id());
        List<Map<String, Object>> points = j.points();
        if (!points.isEmpty()) {
            Map<String, Object> last = points.get(points.size() - 1);
            m.put("epoch", ((Number) last.get("epoch")).doubleValue());
            m.set("validation", JSON.valueToTree(last.get("validation")));
        }
        return m;
    }

    /**
     * The digits known by a network trained on the first n training images (the first 10,000 of
     * them at most), their threshold measured once, on a thread of its own (about a second for
     * 10,000): until it is done, drawings are read without the nearest digit.
     */
    private CompletableFuture<NearestDigits> knownFor(int n) {
        return known.computeIfAbsent(Math.min(n, NearestDigits.MAX_KNOWN), k -> CompletableFuture.supplyAsync(
                () -> new NearestDigits(mnist.training().first(Math.min(n, mnist.training().size())), mnist.validation()),
                task -> {
                    Thread t = new Thread(task, "nndl-lab-known-" + k);
                    t.setDaemon(true);
                    t.start();
                }));
    }

    // ---- runs ----

    /** Starts a run with the settings asked for: refused while another trains, or beyond the limits. */
    synchronized Map<String, Object> start(Map<String, Object> asked) {
        LabJob now = job;
        if (now != null && now.state().live()) {
            throw new HttpError(409, "run " + now.id + " is training (" + now.state().id() + "): stop it before starting"
                    + " another; the lab trains one network at a time");
        }
        Settings settings = limits.settings(asked);
        knownFor(LabLimits.images(settings)); // measured while the run starts, not on the first drawing read
        if (now != null) {
            keep(now);
        }
        LabJob j = new LabJob(nextRun++, settings, mnist, threads, this);
        job = j;
        j.start();
        state(j);
        return summary(j, false);
    }

    private Map<String, Object> control(java.util.function.Consumer<LabJob> action) {
        LabJob j = job;
        if (j == null) {
            throw new HttpError(409, "no run has started: press Start first");
        }
        action.accept(j);
        return summary(j, false);
    }

    private Map<String, Object> eta(Map<String, Object> asked) {
        Object value = asked.get("eta");
        UserException.require(value instanceof Number, "give the new learning rate as {\"eta\": 0.5}");
        double eta = limits.eta(((Number) value).doubleValue());
        return control(j -> j.setEta(eta));
    }

    private synchronized void keep(LabJob ended) {
        this.ended.addLast(ended);
        while (this.ended.size() > KEPT_RUNS) {
            this.ended.removeFirst();
        }
    }

    /** The limits, presets, the run now and those kept, with their points. */
    synchronized Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("hidden_layers", limits.hiddenLayers());
        l.put("neurons", limits.neurons());
        l.put("parameters", limits.parameters());
        l.put("epochs", limits.epochs());
        l.put("mini_batch_size", limits.miniBatchSize());
        l.put("eta", limits.eta());
        l.put("work", limits.work());
        l.put("training_images", Math.min(Mnist.TRAINING_SIZE, mnist.training().size()));
        s.put("limits", l);
        List<Map<String, Object>> presets = new ArrayList<>();
        for (Preset p : Preset.all()) {
            if (p.settings().expand().isEmpty()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", p.name());
                m.put("description", p.description());
                m.put("book", p.bookFigure());
                m.put("settings", p.settings().toMap());
                presets.add(m);
            }
        }
        s.put("presets", presets);
        s.put("defaults", Settings.DEFAULT.toMap());
        s.put("model", model());
        LabJob j = job;
        s.put("run", j == null ? null : summary(j, true));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (LabJob e : ended) {
            runs.add(summary(e, true));
        }
        s.put("runs", runs);
        return s;
    }

    private static Map<String, Object> summary(LabJob j, boolean withPoints) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", j.id);
        m.put("state", j.state().id());
        m.put("message", j.message());
        m.put("settings", j.settings.toMap());
        m.put("eta", j.eta());
        m.put("test_accuracy", j.testAccuracy());
        if (withPoints) {
            m.put("points", j.points());
        }
        return m;
    }

    /** MNIST's test digits, for the strip of samples. */
    Dataset test() {
        return mnist.test();
    }

    /** For the tests: the run now, if any. */
    LabJob job() {
        return job;
    }

    @Override
    public void point(LabJob j, Map<String, Object> point) {
        publish("point", point);
    }

    @Override
    public void state(LabJob j) {
        publish("state", summary(j, false));
    }

    @Override
    public void eta(LabJob j, double eta) {
        publish("eta", Map.of("run", j.id, "eta", eta));
    }

    private void publish(String event, Object data) {
        EventChannel e = events;
        if (e != null) {
            e.publish(event, data);
        }
    }

    /** Stops the run in progress, if any, and waits for it (when the server closes). */
    void close() {
        LabJob j = job;
        if (j != null && j.state().live()) {
            try {
                j.stop();
                j.join(5000);
            } catch (HttpError | InterruptedException e) {
                // it ended meanwhile, or we are being interrupted: the threads are daemons
            }
        }
    }

    // ---- pictures and the neuron ----

    /** The first hidden layer's incoming weights, neuron by neuron, as one PNG strip of 28 × 28 tiles (a data URL). */
    private Map<String, Object> weights(Map<String, String> query) {
        Network network = network();
        UserException.require(network.layers().size() > 1, "the network has no hidden layer: its weights go straight to the outputs");
        Layer first = network.layers().get(0);
        int count = Math.min(first.neurons(), Query.integer(query, "count", DigitApi.MAX_HIDDEN, 1, DigitApi.MAX_HIDDEN));
        int side = Mnist.IMAGE_SIDE;
        BufferedImage strip = new BufferedImage(count * (side + 1) - 1, side, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < strip.getWidth(); x++) {
            for (int y = 0; y < side; y++) {
                strip.setRGB(x, y, 0xffffff);
            }
        }
        for (int j = 0; j < count; j++) {
            strip.setRGB(j * (side + 1), 0, side, side, WeightTiles.pixels(first, j), 0, side);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(strip, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("neurons", count);
        m.put("of", first.neurons());
        m.put("png", "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()));
        return m;
    }

    /** The slowdown neuron from a start, with a cost and η, epoch by epoch. */
    private static Map<String, Object> neuron(Map<String, String> query) {
        Cost cost = Cost.parse(query.getOrDefault("cost", "quadratic"));
        double w = Query.number(query, "w", SlowdownNeuron.BAD_START.w());
        double b = Query.number(query, "b", SlowdownNeuron.BAD_START.b());
        double eta = Query.number(query, "eta", SlowdownNeuron.bookEta(cost));
        int epochs = Query.integer(query, "epochs", SlowdownNeuron.EPOCHS, 0, NEURON_EPOCHS);
        List<SlowdownNeuron.State> states = SlowdownNeuron.learn(cost, new SlowdownNeuron.Start(w, b), eta, epochs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cost", cost.id());
        m.put("eta", eta);
        m.put("states", states);
        return m;
    }

    /** A request's JSON object as a map. */
    private static Map<String, Object> body(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new UserException("the body is not valid JSON: send an object of settings by name, such as {\"preset\": \"ch1\"}");
        }
        UserException.require(root != null && root.isObject(), "send a JSON object, such as {\"preset\": \"ch1\", \"epochs\": 3}");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(root, LinkedHashMap.class);
        return map;
    }
}
