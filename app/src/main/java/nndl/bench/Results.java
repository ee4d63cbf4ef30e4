package nndl.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The runs of each program on each network, and the best of the rounds. */
public final class Results {
    private final Map<String, List<WholeProcess>> runs = new LinkedHashMap<>();

    public void add(Workload workload, Program program, WholeProcess run) {
        runs.computeIfAbsent(key(workload, program), k -> new ArrayList<>()).add(run);
    }

    /** The fastest run from start to exit. */
    public WholeProcess fastest(Workload workload, Program program) {
        return of(workload, program).stream().min(Comparator.comparingDouble(WholeProcess::seconds)).orElseThrow();
    }

    /** The shortest first epoch of the rounds. */
    public double firstEpoch(Workload workload, Program program) {
        return least(workload, program, WholeProcess::firstEpoch);
    }

    /** The shortest steady epoch of the rounds (each round's is the median of its epochs after the first). */
    public double steadyEpoch(Workload workload, Program program) {
        return least(workload, program, WholeProcess::steadyEpoch);
    }

    private double least(Workload workload, Program program, ToDoubleFunction<WholeProcess> seconds) {
        return of(workload, program).stream().mapToDouble(seconds).min().orElseThrow();
    }

    private List<WholeProcess> of(Workload workload, Program program) {
        List<WholeProcess> list = runs.get(key(workload, program));
        if (list == null) {
            throw new IllegalArgumentException("no run of " + program.name() + " on " + workload.name());
        }
        return list;
    }

    private static String key(Workload workload, Program program) {
        return workload.name() + "\t" + program.name();
    }
}
