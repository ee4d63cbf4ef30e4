package nndl.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nndl.UserException;
import nndl.data.Expansion;
import nndl.nn.Activation;
import nndl.nn.Cost;

/**
 * A named training run: the book's experiments, with the figure the book reports for each, and
 * the project's own best recipe. {@code ch1} ({@link Settings#DEFAULT}) is the default run.
 */
public record Preset(String name, String description, String bookFigure, Settings settings) {

    private static final Map<String, Preset> ALL = new LinkedHashMap<>();

    static {
        Settings ch1 = Settings.DEFAULT;
        Settings crossEntropy = ch1.toBuilder().cost(Cost.CROSS_ENTROPY).eta(0.5).build();
        Settings l2 = crossEntropy.toBuilder().lambda(5.0).build();
        add("ch1", "chapter 1: [784,30,10] sigmoid, quadratic cost, eta 3.0", "95.42% (best epoch, test)", ch1);
        add("ch1-100", "chapter 1: [784,100,10], otherwise as ch1", "96.59% (best epoch, test)",
                ch1.toBuilder().hidden(100).build());
        add("ch3-cross-entropy", "chapter 3: [784,30,10] cross-entropy, eta 0.5", "95.49% (best epoch, test)",
                crossEntropy);
        add("ch3-l2", "chapter 3: [784,30,10] cross-entropy, eta 0.5, L2 lambda 5.0", "96.49% (best epoch, test)", l2);
        add("ch3-l2-100", "chapter 3: [784,100,10] cross-entropy, eta 0.5, L2 lambda 5.0, 60 epochs",
                "97.92% (validation)", l2.toBuilder().hidden(100).epochs(60).evaluation(Split.VALIDATION).build());
        // Found by a successive-halving search on validation data (docs/SEARCH.md, "Successive
        // halving around the best preset"): 27 trials around the earlier [784,800,10] recipe.
        add("best", "ours: [784,1200,10] ReLU, softmax + log-likelihood, momentum 0.9, mini-batch 50, dropout 0.484,"
                + " L2 lambda 5.97, eta 0.0276, each image with its four one-pixel shifts and an elastic distortion"
                + " (300,000 an epoch), eta halved after 3 epochs without improvement; 36 epochs; found by a search"
                + " on validation data",
                "about 98% (chapter 3's fully connected networks)",
                ch1.toBuilder().hidden(1200).hidden(Activation.RELU).cost(Cost.LOG_LIKELIHOOD).epochs(36)
                        .miniBatchSize(50).eta(0.0276).lambda(5.97).momentum(0.9).dropout(0.484).schedule(3)
                        .evaluation(Split.VALIDATION).expand(List.of(Expansion.Kind.SHIFT, Expansion.Kind.ELASTIC))
                        .build());
    }

    private static void add(String name, String description, String bookFigure, Settings settings) {
        ALL.put(name, new Preset(name, description, bookFigure, settings));
    }

    public static List<Preset> all() {
        return List.copyOf(ALL.values());
    }

    public static Preset named(String name) {
        Preset p = ALL.get(name);
        if (p == null) {
            throw new UserException("unknown preset '" + name + "': use one of " + String.join(", ", ALL.keySet()));
        }
        return p;
    }
}
