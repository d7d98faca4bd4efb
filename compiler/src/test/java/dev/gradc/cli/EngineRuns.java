package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gradc run ... --json} in each engine, and the check that they agree: every engine gives the same numbers
 * (to a mixed relative/absolute tolerance), or every engine refuses with the same message and exit code.
 */
final class EngineRuns {

    static final List<String> ENGINES = List.of("compiled", "tape", "interpreter");

    private EngineRuns() {
    }

    /** Each engine's result of {@code gradc run ARGS --json --engine E}. */
    static Map<String, Cli.Result> run(List<String> args) {
        Map<String, Cli.Result> by = new LinkedHashMap<>();
        for (String engine : ENGINES) {
            List<String> all = new ArrayList<>(List.of("run"));
            all.addAll(args);
            all.addAll(List.of("--json", "--engine", engine));
            by.put(engine, Cli.run(all.toArray(new String[0])));
        }
        return by;
    }

    /**
     * Asserts that every engine agrees on {@code args}; returns the compiled engine's numbers (every number of
     * its JSON output, in order), or null when every engine refused it alike.
     */
    static double[] agree(List<String> args, double tolerance) {
        Map<String, Cli.Result> by = run(args);
        Cli.Result compiled = by.get("compiled");
        for (Map.Entry<String, Cli.Result> e : by.entrySet()) {
            Cli.Result r = e.getValue();
            String what = e.getKey() + " on " + args + ":\n" + r + "\ncompiled:\n" + compiled;
            assertEquals(compiled.code(), r.code(), what);
            if (r.code() != 0) {
                assertEquals(compiled.err().replace("engine 'compiled'", "engine '" + e.getKey() + "'"), r.err(), what);
                continue;
            }
            double[] want = numbers(compiled.out());
            double[] got = numbers(r.out());
            assertEquals(want.length, got.length, what);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], tolerance * Math.max(1, Math.abs(want[i])), what);
            }
        }
        return compiled.code() == 0 ? numbers(compiled.out()) : null;
    }

    /** Every number in a JSON text, in order. */
    static double[] numbers(String json) {
        List<Double> out = new ArrayList<>();
        collect(StrictJson.parse(json), out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(Object o, List<Double> out) {
        if (o instanceof Double d) {
            out.add(d);
        } else if (o instanceof String s && (s.equals("NaN") || s.endsWith("Infinity"))) {
            out.add(Double.parseDouble(s));
        } else if (o instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (o instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }
}
