package nndl.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import nndl.UserException;
import nndl.io.AtomicFile;

/**
 * A search kept on disk, so that {@code search --resume DIR} after a kill keeps every finished
 * job:
 * <pre>
 * DIR/search.json                the plan: base settings, space, strategy, trials
 * DIR/trials/0007/rung-1.json    trial 7's record at rung 1 (one file per finished job)
 * DIR/trials/0007/checkpoint      its last epoch's checkpoint (local engine), to go on from
 * DIR/best.json                  the best settings so far, a settings file for train --config
 * </pre>
 * Every file is written whole or not at all (atomically), so a kill at any moment leaves a folder
 * a search resumes from: a job interrupted mid-training goes on from its trial's checkpoint.
 */
public final class SearchFolder {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    public static final String PLAN = "search.json";
    public static final String BEST = "best.json";

    private final Path dir;

    public SearchFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** A new search's folder: refused if it already holds a search (resume that instead). */
    public static SearchFolder create(Path dir, SearchPlan plan) {
        UserException.require(!Files.exists(dir.resolve(PLAN)), dir + " already holds a search: resume it with"
                + " --resume " + dir + ", or give another --out");
        SearchFolder folder = new SearchFolder(dir);
        AtomicFile.write(dir.resolve(PLAN), out -> JSON.writeValue(out, plan));
        return folder;
    }

    /** An existing search's folder, for --resume. */
    public static SearchFolder open(Path dir) {
        UserException.require(Files.isRegularFile(dir.resolve(PLAN)), dir + " holds no search (no " + PLAN
                + "): give the folder a search was started with (--out)");
        return new SearchFolder(dir);
    }

    public SearchPlan plan() {
        SearchPlan plan = read(dir.resolve(PLAN), SearchPlan.class);
        UserException.require(plan.format() <= SearchPlan.FORMAT, dir.resolve(PLAN) + " is of format " + plan.format()
                + ", newer than this nndl reads (" + SearchPlan.FORMAT + "): use a newer nndl");
        return plan;
    }

    /** Where trial {@code id}'s files go. */
    public Path trialDir(int id) {
        return dir.resolve("trials").resolve(String.format(Locale.ROOT, "%04d", id));
    }

    /** Where trial {@code id}'s checkpoint is kept (rewritten after every epoch of its jobs). */
    public Path checkpoint(int id) {
        return trialDir(id).resolve("checkpoint");
    }

    /** Keeps a finished job's record. */
    public void save(TrialRecord record) {
        Path file = trialDir(record.trial()).resolve("rung-" + record.rung() + ".json");
        AtomicFile.write(file, out -> JSON.writeValue(out, record));
    }

    /** Every record kept, in the order the search heard of them. */
    public List<TrialRecord> records() {
        Path trials = dir.resolve("trials");
        List<TrialRecord> records = new ArrayList<>();
        if (!Files.isDirectory(trials)) {
            return records;
        }
        try (Stream<Path> files = Files.walk(trials, 2)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("rung-\\d+\\.json")).toList()) {
                records.add(read(f, TrialRecord.class));
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + trials + ": " + e.getMessage());
        }
        records.sort(java.util.Comparator.comparingLong(TrialRecord::sequence));
        return records;
    }

    /** Writes {@code value} as JSON to a file of this folder, atomically. */
    public void writeJson(String name, Object value) {
        AtomicFile.write(dir.resolve(name), out -> JSON.writeValue(out, value));
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw new UserException(file + " is damaged (" + e.getOriginalMessage() + "): restore it or delete it"
                    + " (a deleted trial record is trained again)");
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
