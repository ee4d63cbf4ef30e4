package nndl.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nndl.UserException;
import nndl.nn.Evaluation;
import nndl.train.EpochResult;

/**
 * A run's metrics file: JSON Lines, one object per epoch, as {@code train --metrics-out} and a
 * run folder's metrics.jsonl write them: {@code epoch}, {@code train_seconds}, {@code eta}, then
 * {@code evaluation_correct}, {@code _total} and {@code _cost} for each data set measured
 * (evaluation, validation, training).
 */
public final class Metrics {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] DATA = {"evaluation", "validation", "training"};

    private Metrics() {
    }

    /** One epoch's line, without its newline: what was measured on each data set. */
    public static String line(EpochResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch());
        m.put("train_seconds", r.trainSeconds());
        m.put("eta", r.eta());
        Evaluation[] measured = {r.evaluation(), r.validation(), r.training()};
        for (int i = 0; i < DATA.length; i++) {
            if (measured[i] != null) {
                m.put(DATA[i] + "_correct", measured[i].correct());
                m.put(DATA[i] + "_total", measured[i].total());
                m.put(DATA[i] + "_cost", measured[i].cost());
            }
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole file for these epochs: one line each. */
    public static String lines(List<EpochResult> epochs) {
        StringBuilder text = new StringBuilder();
        for (EpochResult r : epochs) {
            text.append(line(r)).append('\n');
        }
        return text.toString();
    }

    /** Reads a metrics file back; a line that is not one of ours is a UserException naming the file and line. */
    public static List<EpochResult> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserException("metrics file " + file + " does not exist");
        } catch (IOException e) {
            throw new UserException("cannot read metrics file " + file + ": " + e.getMessage(), e);
        }
        List<EpochResult> epochs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(lines.get(i));
                UserException.require(n != null && n.isObject() && n.path("epoch").isInt(), "no epoch");
                epochs.add(new EpochResult(n.get("epoch").asInt(), n.path("train_seconds").asDouble(),
                        n.path("eta").asDouble(), evaluation(n, "evaluation"), evaluation(n, "validation"),
                        evaluation(n, "training")));
            } catch (IOException | UserException e) {
                throw new UserException("metrics file " + file + ", line " + (i + 1)
                        + ", is not an epoch's metrics (as train --metrics-out writes them)");
            }
        }
        return epochs;
    }

    private static Evaluation evaluation(JsonNode n, String data) {
        JsonNode correct = n.get(data + "_correct");
        return correct == null ? null : new Evaluation(correct.asInt(), n.path(data + "_total").asInt(),
                n.path(data + "_cost").asDouble());
    }
}
