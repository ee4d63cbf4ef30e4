package nndl.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nndl.UserException;
import nndl.io.AtomicFile;
import nndl.model.ModelFile;
import nndl.nn.Network;
import nndl.train.Checkpoint;
import nndl.train.CheckpointWriter;
import nndl.train.EpochResult;
import nndl.train.Settings;

/**
 * Everything about one training run in one folder, so that it can be looked at, compared and
 * gone on with after it stopped:
 * <ul>
 *   <li>{@code run.json}: the folder's format, the nndl version, the preset, the data folder and
 *       the SHA-256 of its four files ({@link DataFingerprint});</li>
 *   <li>{@code settings.json}: the resolved settings ({@link Settings#toMap()}; the thread count
 *       is not one, it changes no result);</li>
 *   <li>{@code checkpoint}: everything the next epoch needs ({@link Checkpoint}), rewritten
 *       atomically and durably after every epoch;</li>
 *   <li>{@code metrics.jsonl}: one line per epoch ({@link Metrics}), written after the checkpoint
 *       of the same epoch is on the disk, so it never runs ahead of it;</li>
 *   <li>{@code network.json}, and {@code best-network.json} when the best epoch (by validation
 *       accuracy) is not the last: the networks in network2.py's format ({@link ModelFile}),
 *       written when the run ends.</li>
 * </ul>
 * Every file is written atomically: killed at any moment, the folder holds a run that can go on
 * from its last checkpoint.
 */
public final class RunFolder {
    /** The version of the folder's layout (run.json's {@code format}); a newer one is refused. */
    public static final int FORMAT = 1;
    public static final String RUN = "run.json";
    public static final String SETTINGS = "settings.json";
    public static final String CHECKPOINT = "checkpoint";
    public static final String METRICS = "metrics.jsonl";
    public static final String NETWORK = "network.json";
    public static final String BEST_NETWORK = "best-network.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final JsonNode run;

    private RunFolder(Path dir, JsonNode run) {
        this.dir = dir;
        this.run = run;
    }

    /**
     * Starts a run folder (made if missing) for a run of these settings on the data in
     * {@code data}; refuses a folder that holds a run already, or anything else.
     */
    public static RunFolder create(Path dir, Settings settings, String preset, Path data, String version) {
        if (Files.exists(dir.resolve(RUN))) {
            throw new UserException("run folder " + dir + " holds a run already: go on with it with --resume " + dir
                    + ", or give --run a new folder");
        }
        UserException.require(!Files.exists(dir) || Files.isDirectory(dir), "run folder " + dir + " is a file: give --run a folder");
        try (DirectoryStream<Path> files = Files.isDirectory(dir) ? Files.newDirectoryStream(dir) : null) {
            // What a start cut short leaves (settings.json, temporary files) is started again; anything else is refused.
            for (Path f : files == null ? List.<Path>of() : files) {
                String name = String.valueOf(f.getFileName());
                UserException.require(name.equals(SETTINGS) || name.startsWith(".") && name.endsWith(".tmp"), "run folder "
                        + dir + " is not empty and holds no run (it has " + name + "): give --run a new or empty folder");
            }
        } catch (IOException e) {
            throw new UserException("cannot read run folder " + dir + ": " + e.getMessage(), e);
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", FORMAT);
        record.put("nndl_version", version);
        record.put("preset", preset);
        record.put("data", DataFingerprint.of(data).toMap());
        JsonNode node = JSON.valueToTree(record);
        RunFolder folder = new RunFolder(dir, node);
        folder.writeSettings(settings);
        // run.json last: a folder with it is a run folder, whole.
        AtomicFile.writeSynced(dir.resolve(RUN), out -> out.write(JSON.writeValueAsBytes(node)));
        return folder;
    }

    /** Opens a run folder, checking that it is one (run.json present and of a format this nndl reads). */
    public static RunFolder open(Path dir) {
        Path file = dir.resolve(RUN);
        if (!Files.isDirectory(dir)) {
            throw new UserException("run folder " + dir + " does not exist: give a folder that train --run made");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserException(dir + " is not a run folder (it has no " + RUN + "): give a folder that train --run made");
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserException("run folder " + dir + ": " + RUN + " is not valid JSON; it was not written by nndl", e);
        }
        UserException.require(node != null && node.path("format").isInt() && node.path("data").isObject(),
                "run folder " + dir + ": " + RUN + " is not an nndl run record");
        int format = node.get("format").asInt();
        UserException.require(format <= FORMAT, "run folder " + dir + " has format " + format
                + ", from a newer nndl (this one reads " + FORMAT + "): go on with it with that nndl or a newer one");
        return new RunFolder(dir, node);
    }

    /** Whether a folder holds a run (has run.json). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RUN));
    }

    public Path dir() {
        return dir;
    }

    /** The folder's name, as the run is called in listings. */
    public String name() {
        return String.valueOf(dir.toAbsolutePath().normalize().getFileName());
    }

    public String preset() {
        return run.path("preset").asText(null);
    }

    /** The data folder the run was started on. */
    public Path dataFolder() {
        return Path.of(run.path("data").path("folder").asText());
    }

    /** Refuses (one line, naming the file) data other than the run's: a file whose SHA-256 differs. */
    public void checkData(Path folder) {
        DataFingerprint.fromMap(run.path("data")).check(DataFingerprint.of(folder), dir);
    }

    /** The settings of settings.json (the checkpoint's are the ones training goes on with). */
    public Settings settings() {
        Path file = dir.resolve(SETTINGS);
        UserException.require(Files.isRegularFile(file), "run folder " + dir + " has no " + SETTINGS);
        try {
            return Settings.fromMap(JSON.readValue(file.toFile(),
                    JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class)));
        } catch (IOException e) {
            throw new UserException("run folder " + dir + ": " + SETTINGS + " is not valid JSON", e);
        }
    }

    /** Records the run's settings (again, when a finished run is given more epochs). */
    public void writeSettings(Settings settings) {
        AtomicFile.writeSynced(dir.resolve(SETTINGS), out -> out.write(JSON.writeValueAsBytes(settings.toMap())));
    }

    public boolean hasCheckpoint() {
        return Files.exists(dir.resolve(CHECKPOINT));
    }

    /** The last complete checkpoint, checked whole ({@link Checkpoint#read}). */
    public Checkpoint checkpoint() {
        return Checkpoint.read(dir.resolve(CHECKPOINT));
    }

    /** The metrics recorded so far (empty before the first epoch's checkpoint). */
    public List<EpochResult> metrics() {
        return Files.exists(dir.resolve(METRICS)) ? Metrics.read(dir.resolve(METRICS)) : List.of();
    }

    /**
     * Rewrites metrics.jsonl from a checkpoint's record: one line for each epoch done. A run
     * folder's run always watches the validation data: its figures are written unless the
     * evaluation data is the validation data itself.
     */
    public void writeMetrics(Checkpoint c) {
        AtomicFile.writeString(dir.resolve(METRICS), Metrics.lines(c.history()));
    }

    /**
     * A writer of the run's checkpoints on a thread of its own; once a checkpoint is on the
     * disk, metrics.jsonl is rewritten from its history.
     */
    public CheckpointWriter checkpointWriter() {
        return new CheckpointWriter(dir.resolve(CHECKPOINT), this::writeMetrics);
    }

    /**
     * Writes the networks of a checkpoint: the last epoch's to network.json and, when the best
     * epoch (by validation accuracy) is another, its network to best-network.json (an older
     * best-network.json that no longer applies is removed). {@code info} goes under "nndl".
     */
    public void writeNetworks(Checkpoint last, Map<String, Object> info) {
        int lastEpoch = last.epochsDone() - 1;
        ModelFile.save(last.network(), withEpoch(info, last, lastEpoch), dir.resolve(NETWORK));
        Network best = last.bestNetwork();
        Path bestFile = dir.resolve(BEST_NETWORK);
        if (best != null && last.bestEpoch() != lastEpoch) {
            ModelFile.save(best, withEpoch(info, last, last.bestEpoch()), bestFile);
        } else {
            try {
                Files.deleteIfExists(bestFile);
            } catch (IOException e) {
                throw new UserException("cannot remove " + bestFile + ": " + e.getMessage(), e);
            }
        }
    }

    private static Map<String, Object> withEpoch(Map<String, Object> info, Checkpoint c, int epoch) {
        Map<String, Object> m = new LinkedHashMap<>(info);
        m.put("epoch", epoch);
        EpochResult r = c.history().get(epoch);
        if (r.evaluation() != null) {
            m.put("evaluation_correct", r.evaluation().correct());
            m.put("evaluation_total", r.evaluation().total());
        }
        if (r.validation() != null) {
            m.put("validation_correct", r.validation().correct());
            m.put("validation_total", r.validation().total());
        }
        return m;
    }

    /** Whether the run is over and its networks are written. */
    public boolean finished(Checkpoint c) {
        return c.finished() && Files.exists(dir.resolve(NETWORK));
    }
}
