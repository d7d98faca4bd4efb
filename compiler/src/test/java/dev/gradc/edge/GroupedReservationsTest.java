package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reservations a loop makes before it starts (emit.StackReservations) reserve the stacks that take the same room
 * with one call ({@code DoubleStack.reserveAll}, eight stacks at most a call) and write each count once: a loop's
 * set-up, before every start of an inner loop too, then costs the JIT compiler little of the bytecode it inlines
 * into one compilation. Before, the LSTM's sweep reserved its eight stacks one call each on every trip of the time
 * loop, each call computing the same count, and C2 ran out of its inlining budget ({@code DesiredMethodLimit})
 * before the cell's sigmoid and tanh calls in about a third of JVMs (benchmarks/README.md).
 */
class GroupedReservationsTest {

    /** An LSTM's cell over two layers per step: the sweep's layer loop carries several stacks pushed alike. */
    static final String LAYERS = """
            fn f(x: real[25], y: real, n: int) -> real {
              S = reshape(x, 5, 5);
              s = 0;
              for t in 0..n {
                v = S[4, :] * y;
                for l in 0..2 {
                  g = S[l, :] + v;
                  c = sigmoid(g) * S[l + 2, :] + sigmoid(g * y) * tanh(g + 1);
                  h = sigmoid(g - y) * tanh(c);
                  S[l, :] = h;
                  S[l + 2, :] = c;
                  v = h;
                }
                s = s + sum(v * v);
              }
              return s;
            }
            """;

    private static final double[] X = {0.9, -0.3, 0.45, 0.2, 0.35, 1.1, -0.6, 0.15, -0.25, 0.5, 0.8, -0.4, 0.3,
        0.05, -0.7, 1.2, 0.6, -0.1, 0.25, 0.7, -0.45, 0.4, 0.1, -0.8, 0.55};

    private static final Path BENCHMARKS = Programs.benchmarks();

    /**
     * Every program of the examples and the benchmarks, and the one above: in each run of reservations no two calls
     * reserve the same count of the same reals per trip (but for a group past eight stacks), and no count but a
     * variable is written twice. The LSTM's sweep reserves its layer loop's eight stacks in one call.
     */
    @Test
    void likeStacksAreReservedInOneCallAndEveryCountOnce() {
        List<SourceFile> files = new ArrayList<>(Programs.gradFiles(Programs.examples()));
        files.addAll(Programs.gradFiles(BENCHMARKS));
        files.add(new SourceFile("layers.grad", "module t.Layers;\n@grad(x, y)\n" + LAYERS));
        int grouped = 0;
        List<String> faults = new ArrayList<>();
        for (SourceFile f : files) {
            String source = JavaEmitter.emit(Programs.compile(f)).source();
            grouped += check(f.name(), source, faults);
            // the layer loop's stacks, reserved for every layer of every step by the time loop
            // (CoveredReservationsTest)
            if ((f.name().endsWith("bench/Lstm.grad") || f.name().equals("layers.grad"))
                    && !source.contains("DoubleStack.reserveAll(innerTripsAhead, ")
                    && !source.contains("DoubleStack.reserveAll(TripSums.series(")) {
                faults.add(f.name() + ": the layer loop's stacks are not reserved in one call");
            }
        }
        assertTrue(faults.isEmpty(), faults.size() + " reservations written more than once:\n" + String.join("\n", faults));
        assertTrue(grouped > 20, grouped + " calls of reserveAll");
    }

    /**
     * The faults of one generated source's reservations (into {@code faults}); returns how many {@code reserveAll}
     * calls it makes. A run: consecutive lines each a reservation or a {@code long} local.
     */
    private static int check(String name, String source, List<String> faults) {
        int grouped = 0;
        List<String> run = new ArrayList<>();
        String[] lines = source.split("\n");
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].trim() : "";
            boolean reserves = line.contains(".reserve(") || line.startsWith("DoubleStack.reserveAll(");
            if (reserves) {
                run.add(line);
                grouped += line.startsWith("DoubleStack.reserveAll(") ? 1 : 0;
            } else if (!line.matches("long \\w+ = .*;")) {
                checkRun(name + ":" + i, run, faults);
                run.clear();
            }
        }
        return grouped;
    }

    private static void checkRun(String where, List<String> run, List<String> faults) {
        Map<String, int[]> like = new LinkedHashMap<>(); // count and reals per trip: {calls, stacks}
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String line : run) {
            List<String> args = arguments(line, line.indexOf('(', line.indexOf("reserve")));
            String count = args.get(0);
            if (count.startsWith("TripSums.plus(") || count.startsWith("TripSums.times(")) {
                for (int at = count.indexOf("TripSums.times("); at >= 0; at = count.indexOf("TripSums.times(", at + 1)) {
                    counts.merge(arguments(count, at + "TripSums.times".length()).get(0), 1, Integer::sum);
                }
                continue;
            }
            counts.merge(count, 1, Integer::sum);
            int[] calls = like.computeIfAbsent(count + ", " + args.get(1), k -> new int[2]);
            calls[0]++;
            calls[1] += line.startsWith("DoubleStack.reserveAll(") ? args.size() - 2 : 1;
        }
        like.forEach((k, calls) -> {
            if (calls[0] != (calls[1] + 7) / 8) {
                faults.add(where + ": " + calls[1] + " stacks reserve " + k + " in " + calls[0] + " calls");
            }
        });
        counts.forEach((count, uses) -> {
            if (uses > 1 && !count.matches("\\w+")) {
                faults.add(where + ": " + count + " written " + uses + " times");
            }
        });
    }

    /** The arguments of the call whose opening parenthesis is at {@code open} in {@code text}. */
    private static List<String> arguments(String text, int open) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                args.add(text.substring(start, i).trim());
                return args;
            } else if (c == ',' && depth == 1) {
                args.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        throw new IllegalArgumentException("unbalanced: " + text);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5})
    void everyEngineAgreesWithCentralDifferences(int n) {
        Engines.agreeWithCentralDifferences(LAYERS, X, 0.8, n);
    }

    /** Budgets that journal every trip, some or none (the rest checkpointed): the same gradient, bit for bit. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void everyBudgetGivesTheSameGradient(int n) {
        Engines.sameGradientAtBudgets(LAYERS, X, 0.8, n, 400, 150, 60, 20, 0);
    }

    /**
     * The grouped reservation is made: the layer loop's like stacks are reserved in one call, by the time loop for
     * all its layers (CoveredReservationsTest).
     */
    @Test
    void theLayerLoopsStacksAreReservedInOneCall() {
        String source = JavaEmitter.emit(Programs.compile(LAYERS)).source();
        String call = "DoubleStack.reserveAll(TripSums.series((long) 2, 0, tripsAhead), 5, ";
        assertEquals(2, source.split(java.util.regex.Pattern.quote(call), -1).length - 1,
                "the forward sweep, in the gradient and its checkpointed part");
    }
}
