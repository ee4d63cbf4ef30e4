package nndl.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import nndl.UserException;
import nndl.io.AtomicFile;
import nndl.math.RandomStream;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Evaluation;
import nndl.nn.Layer;
import nndl.nn.Network;

/**
 * Everything the next epoch of a run needs, taken after an epoch: the settings, the weights and
 * biases, momentum's velocities, where each random stream is (shuffling, dropout, elastic
 * distortions), the order of the training images, the epoch, the current η, the schedule's and
 * early stopping's counters, the best epoch so far and its network, and every epoch's result.
 * {@link Sgd#resume} goes on from it with exactly the numbers the run would have had if it had
 * never stopped.
 *
 * <p>A {@link TrainingListener} is handed one after every epoch; {@link #write} saves it
 * atomically and durably, {@link #read} reads it back with checks. The file format is versioned
 * and described in docs/checkpoint.md: a JSON header, the arrays as raw 32-bit values, a CRC-32.
 * Immutable: it shares nothing with the training that made it.
 */
public final class Checkpoint {
    /** The version of the file format written; a file of a later version is refused. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "NNDLCKPT".getBytes(StandardCharsets.US_ASCII);
    /** Magic, version and header length before the header; the CRC-32 after the arrays. */
    private static final int PREAMBLE = MAGIC.length + 8;
    private static final int CHECKSUM = 4;

    private final Settings settings;
    private final TrainingState state;

    /** A checkpoint of a run with these settings, owning the state given (a copy nothing else holds). */
    Checkpoint(Settings settings, TrainingState state) {
        this.settings = settings;
        this.state = state;
    }

    /** The settings of the run. */
    public Settings settings() {
        return settings;
    }

    /** How many epochs are done: the next one is numbered this. */
    /**
     * The settings, by name, in which {@code settings} differ from this checkpoint's run, the
     * number of epochs aside: a run goes on from a checkpoint only when there are none.
     */
    public List<String> otherSettings(Settings settings) {
        List<String> changed = new ArrayList<>(settings().differences(settings));
        changed.remove("epochs");
        return changed;
    }

    public int epochsDone() {
        return state.epochsDone();
    }

    /** The result of every epoch done, in order (their train_seconds as measured when they ran). */
    public List<EpochResult> history() {
        return List.copyOf(state.history);
    }

    /** The learning rate of the next epoch (the schedule may have halved it). */
    public double eta() {
        return state.schedule.eta();
    }

    /** Why the run stopped before its last epoch (early stopping, or η too small), or null if it may go on. */
    public String stopReason() {
        return state.stopReason;
    }

    /** Whether training is over: stopped early, or every epoch of the settings done. */
    public boolean finished() {
        return state.stopReason != null || state.epochsDone() >= settings.epochs();
    }

    /** The best epoch so far (by validation accuracy when the run has validation data), or -1. */
    public int bestEpoch() {
        return state.patience.bestEpoch();
    }

    /** The network after the last epoch done (a copy). */
    public Network network() {
        return state.network.copy();
    }

    /** The network of the best epoch by validation accuracy (a copy), or null without validation data. */
    public Network bestNetwork() {
        return state.best == null ? null : state.best.copy();
    }

    /** The state to train on: a copy of this checkpoint's, with its network's parameters put into {@code network}. */
    TrainingState resumeInto(Network network) {
        TrainingState copy = state.copy();
        network.copyParametersFrom(copy.network);
        return new TrainingState(network, copy.velocities, copy.shuffling, copy.dropout, copy.dropoutTail,
                copy.expansion, copy.order, copy.schedule, copy.patience, copy.history, copy.best, copy.stopReason);
    }

    // ---- the file ----

    /** Writes this checkpoint to a file atomically and durably: a reader finds the old file or the new one, whole. */
    public void write(Path file) {
        byte[] bytes = toBytes();
        AtomicFile.writeSynced(file, out -> out.write(bytes));
    }

    /**
     * Reads a checkpoint written by {@link #write}, checking it whole: a missing, truncated or
     * corrupt file (its CRC-32 does not match), one of a newer format, or one whose arrays do not
     * fit its network's sizes is a UserException naming the problem.
     */
    public static Checkpoint read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserException("checkpoint " + file + " does not exist");
        } catch (IOException e) {
            throw new UserException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new UserException("checkpoint " + file + " is too large to read: it is not one nndl wrote");
        }
        return fromBytes(bytes, file.toString());
    }

    /** The file's bytes: magic, version, header length, header (JSON), arrays, CRC-32. */
    public byte[] toBytes() {
        List<float[]> floats = new ArrayList<>();
        ObjectNode header = header(floats);
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long size = (long) PREAMBLE + json.length + 4L * state.order.length + CHECKSUM;
        for (float[] a : floats) {
            size += 4L * a.length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new UserException("the training state is too large for a checkpoint (" + size + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        buffer.put(MAGIC).putInt(VERSION).putInt(json.length).put(json);
        buffer.asIntBuffer().put(state.order);
        buffer.position(buffer.position() + 4 * state.order.length);
        for (float[] a : floats) {
            buffer.asFloatBuffer().put(a);
            buffer.position(buffer.position() + 4 * a.length);
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.array();
    }

    /** The header, listing the arrays that follow it; the float arrays (after the order) are added to {@code floats}. */
    private ObjectNode header(List<float[]> floats) {
        ObjectNode h = Json.MAPPER.createObjectNode();
        h.set("settings", Json.MAPPER.valueToTree(settings.toMap()));
        h.put("epochs_done", state.epochsDone());
        h.put("eta", (double) state.schedule.eta()); // a float, exactly, as every float is a double
        ObjectNode patience = h.putObject("patience");
        patience.put("best_correct", state.patience.bestCorrect());
        patience.put("best_epoch", state.patience.bestEpoch());
        patience.put("since_best", state.patience.sinceBest());
        h.put("stop_reason", state.stopReason);
        ObjectNode random = h.putObject("random_streams");
        random.put("shuffling", state.shuffling.state());
        random.put("dropout", state.dropout.state());
        random.put("dropout_tail", state.dropoutTail.state());
        random.put("expansion", state.expansion.state());
        Network net = state.network;
        ObjectNode network = h.putObject("network");
        ArrayNode sizes = network.putArray("sizes");
        Arrays.stream(net.sizes()).forEach(sizes::add);
        network.put("activation", (net.hiddenActivation() != null ? net.hiddenActivation() : Activation.SIGMOID).id());
        network.put("output", net.outputActivation().id());
        network.put("cost", net.cost().id());
        h.put("velocities", state.velocities != null);
        h.put("best_network", state.best != null);
        ArrayNode history = h.putArray("history");
        for (EpochResult r : state.history) {
            ObjectNode e = history.addObject();
            e.put("epoch", r.epoch());
            e.put("train_seconds", r.trainSeconds());
            e.put("eta", r.eta());
            e.set("evaluation", evaluation(r.evaluation()));
            e.set("validation", evaluation(r.validation()));
            e.set("training", evaluation(r.training()));
        }
        ArrayNode arrays = h.putArray("arrays");
        arrays.addObject().put("name", "order").put("type", "int32").put("length", state.order.length);
        for (int l = 0; l < net.layers().size(); l++) {
            add(arrays, floats, "weights " + (l + 1), net.layers().get(l).weights.data);
            add(arrays, floats, "biases " + (l + 1), net.layers().get(l).biases);
        }
        if (state.velocities != null) {
            for (int l = 0; l < net.layers().size(); l++) {
                add(arrays, floats, "weight velocities " + (l + 1), state.velocities.weights(l).data);
                add(arrays, floats, "bias velocities " + (l + 1), state.velocities.biases(l));
            }
        }
        if (state.best != null) {
            for (int l = 0; l < net.layers().size(); l++) {
                add(arrays, floats, "best weights " + (l + 1), state.best.layers().get(l).weights.data);
                add(arrays, floats, "best biases " + (l + 1), state.best.layers().get(l).biases);
            }
        }
        return h;
    }

    private static void add(ArrayNode arrays, List<float[]> floats, String name, float[] values) {
        arrays.addObject().put("name", name).put("type", "float32").put("length", values.length);
        floats.add(values);
    }

    private static JsonNode evaluation(Evaluation e) {
        if (e == null) {
            return Json.MAPPER.nullNode();
        }
        return Json.MAPPER.createObjectNode().put("correct", e.correct()).put("total", e.total()).put("cost", e.cost());
    }

    /** A checkpoint from a file's bytes, checked as {@link #read} checks them; {@code source} names them in messages. */
    public static Checkpoint fromBytes(byte[] bytes, String source) {
        String what = "checkpoint " + source;
        String again = ": use an earlier copy of it, or start the run again";
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new UserException(source + " is not an nndl checkpoint (it does not start with "
                    + new String(MAGIC, StandardCharsets.US_ASCII) + ")");
        }
        if (bytes.length < PREAMBLE + CHECKSUM) {
            throw new UserException(what + " is truncated (" + bytes.length + " bytes)" + again);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.position(MAGIC.length);
        int version = buffer.getInt();
        if (version > VERSION) {
            throw new UserException(what + " has format version " + version + ", from a newer nndl (this one reads version "
                    + VERSION + "): resume it with that nndl or a newer one");
        }
        if (version < 1) {
            throw new UserException(what + " is corrupt (format version " + version + ")" + again);
        }
        int headerLength = buffer.getInt();
        if (headerLength < 0 || headerLength > bytes.length - PREAMBLE - CHECKSUM) {
            boolean cut = headerLength >= 0;
            throw new UserException(what + (cut ? " is truncated (" + bytes.length + " bytes, with a header of "
                    + headerLength + ")" : " is corrupt (its header's length is " + headerLength + ")") + again);
        }
        JsonNode h;
        try {
            h = Json.MAPPER.readTree(bytes, PREAMBLE, headerLength);
        } catch (IOException e) {
            throw new UserException(what + " is corrupt (its header is not valid JSON)" + again);
        }
        // The arrays the header lists give the file's length: shorter is truncated, and only then is the checksum looked at.
        long expected = PREAMBLE + (long) headerLength + CHECKSUM;
        for (JsonNode a : h.path("arrays")) {
            long length = a.path("length").asLong(-1);
            if (length < 0 || length > Integer.MAX_VALUE / 4) {
                throw new UserException(what + " is corrupt (its header lists an array of " + length + " values)" + again);
            }
            expected += 4L * length;
        }
        if (bytes.length < expected) {
            throw new UserException(what + " is truncated (" + bytes.length + " of " + expected + " bytes)" + again);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - CHECKSUM);
        if (bytes.length != expected || (int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - CHECKSUM, CHECKSUM).getInt()) {
            throw new UserException(what + " is corrupt (its checksum does not match its content)" + again);
        }
        try {
            buffer.position(PREAMBLE + headerLength);
            return parse(h, buffer);
        } catch (UserException | IllegalArgumentException | IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new UserException(what + " does not hold a run nndl can go on with (" + e.getMessage() + ")" + again);
        }
    }

    /** The checkpoint a checked header and the arrays after it describe. */
    private static Checkpoint parse(JsonNode h, ByteBuffer buffer) {
        Map<String, Object> settingsMap = Json.MAPPER.convertValue(field(h, "settings"),
                Json.MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        Settings settings = Settings.fromMap(settingsMap);
        JsonNode net = field(h, "network");
        int[] sizes = new int[field(net, "sizes").size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = field(net, "sizes").get(i).asInt();
        }
        Cost cost = Cost.parse(field(net, "cost").asText());
        Network network = new Network(sizes, Activation.parse(field(net, "activation").asText()),
                Activation.parse(field(net, "output").asText()), cost);
        boolean hasVelocities = field(h, "velocities").asBoolean();
        boolean hasBest = field(h, "best_network").asBoolean();

        List<String> names = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (JsonNode a : field(h, "arrays")) {
            names.add(field(a, "name").asText());
            lengths.add(field(a, "length").asInt());
        }
        int[] order = new int[lengths.get(0)];
        expect(names, lengths, 0, "order", order.length);
        buffer.asIntBuffer().get(order);
        buffer.position(buffer.position() + 4 * order.length);
        int at = 1;
        at = readParameters(network, "", names, lengths, at, buffer);
        Velocities velocities = null;
        if (hasVelocities) {
            velocities = new Velocities(network);
            for (int l = 0; l < network.layers().size(); l++) {
                expect(names, lengths, at, "weight velocities " + (l + 1), velocities.weights(l).size());
                read(buffer, velocities.weights(l).data);
                expect(names, lengths, at + 1, "bias velocities " + (l + 1), velocities.biases(l).length);
                read(buffer, velocities.biases(l));
                at += 2;
            }
        }
        Network best = null;
        if (hasBest) {
            best = network.copy();
            at = readParameters(best, "best ", names, lengths, at, buffer);
        }
        if (at != names.size()) {
            throw new IllegalArgumentException("it lists " + names.size() + " arrays, of which " + at + " were expected");
        }
        List<EpochResult> history = new ArrayList<>();
        for (JsonNode e : field(h, "history")) {
            history.add(new EpochResult(field(e, "epoch").asInt(), field(e, "train_seconds").asDouble(), field(e, "eta").asDouble(),
                    evaluation(field(e, "evaluation")), evaluation(field(e, "validation")), evaluation(field(e, "training"))));
        }
        if (history.size() != field(h, "epochs_done").asInt()) {
            throw new IllegalArgumentException("it has " + history.size() + " epochs' results for "
                    + field(h, "epochs_done").asInt() + " epochs done");
        }
        JsonNode p = field(h, "patience");
        JsonNode random = field(h, "random_streams");
        JsonNode stop = field(h, "stop_reason");
        TrainingState state = new TrainingState(network, velocities, RandomStream.at(field(random, "shuffling").asLong()),
                RandomStream.at(field(random, "dropout").asLong()), RandomStream.at(field(random, "dropout_tail").asLong()),
                RandomStream.at(field(random, "expansion").asLong()), order,
                new LearningRateSchedule((float) settings.eta(), settings.schedule(), (float) field(h, "eta").asDouble()),
                new Patience(field(p, "best_correct").asInt(), field(p, "best_epoch").asInt(), field(p, "since_best").asInt()),
                history, best, stop == null || stop.isNull() ? null : stop.asText());
        return new Checkpoint(settings, state);
    }

    /** Reads a network's weights and biases, layer by layer, from the arrays named with the prefix. */
    private static int readParameters(Network network, String prefix, List<String> names, List<Integer> lengths, int at,
                                      ByteBuffer buffer) {
        for (int l = 0; l < network.layers().size(); l++) {
            Layer layer = network.layers().get(l);
            expect(names, lengths, at, prefix + "weights " + (l + 1), layer.weights.size());
            read(buffer, layer.weights.data);
            expect(names, lengths, at + 1, prefix + "biases " + (l + 1), layer.biases.length);
            read(buffer, layer.biases);
            at += 2;
        }
        return at;
    }

    private static void expect(List<String> names, List<Integer> lengths, int at, String name, int length) {
        if (at >= names.size() || !names.get(at).equals(name) || lengths.get(at) != length) {
            throw new IllegalArgumentException("array " + (at + 1) + " should be " + name + " of " + length + " values, not "
                    + (at < names.size() ? names.get(at) + " of " + lengths.get(at) : "missing"));
        }
    }

    private static void read(ByteBuffer buffer, float[] into) {
        buffer.asFloatBuffer().get(into);
        buffer.position(buffer.position() + 4 * into.length);
    }

    private static Evaluation evaluation(JsonNode e) {
        return e == null || e.isNull() ? null
                : new Evaluation(field(e, "correct").asInt(), field(e, "total").asInt(), field(e, "cost").asDouble());
    }

    /** A field the header must have. */
    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw new IllegalArgumentException("its header has no \"" + name + "\"");
        }
        return value;
    }
}
