package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import dev.gradc.diag.SourceFile;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gradc compare FILE --fn F [--arg NAME=VALUE]... [--size NAME=VALUE]...}: the same derivative from the
 * static compiled graph (reverse mode, and forward mode: one JVP per input entry), the dynamic tape, the
 * interpreter, central finite differences and the forward difference with h = 0.01, with each one's largest error
 * against the compiled result and its time per call; with {@code --size}, of the function built with those sizes. The error of an entry {@code a} against the compiled {@code b} is
 * {@code |a - b| / max(1, |b|)}: relative where {@code |b| >= 1}, absolute below, so a zero reference gives no
 * meaningless huge ratio; NaN against a number is an infinite error. For a non-scalar output
 * the derivative compared is the vector-Jacobian product with a seed of ones. With {@code --hessian} or
 * {@code --hvp NAME=VALUE...} the second derivative is compared instead ({@link CompareSecondOrder}).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare static compiled, dynamic tape and finite differences: values, derivatives, errors, time.")
final class CompareCommand implements Callable<Integer> {

    private static final long WARMUP_NANOS = 200_000_000L;
    private static final long MEASURE_NANOS = 300_000_000L;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .grad file.")
    String file;

    @Option(names = "--fn", required = true, paramLabel = "F", description = "The function to run.")
    String function;

    @Option(names = "--arg", paramLabel = "NAME=VALUE", description = "An argument: a number, [1,2,3] or [[1,2],[3,4]].")
    List<String> args = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--max-iterations", paramLabel = "N",
            description = "Iteration limit of each loop (default: ${DEFAULT-VALUE}).")
    long maxIterations = dev.gradc.engine.Interpreter.DEFAULT_MAX_ITERATIONS;

    @Option(names = "--max-calls", paramLabel = "N",
            description = "Calls of the program's functions one run of the tape engine may make, which runs every"
                    + " call; the other engines share equal calls (default: ${DEFAULT-VALUE}).")
    long maxCalls = dev.gradc.engine.TapeEngine.DEFAULT_MAX_CALLS;

    @Option(names = "--max-kept-values", paramLabel = "N",
            description = "Kept-values budget of one reverse-mode loop: past it, the loop's gradient keeps snapshots"
                    + " and recomputes between them (default: a quarter of the heap in doubles, ${DEFAULT-VALUE}).")
    long maxKeptValues = Engine.Invocation.DEFAULT_MAX_KEPT_VALUES;

    @Option(names = "--hessian", description = "Compare the Hessian over all real parameters (scalar output).")
    boolean hessian;

    @Option(names = "--hvp", arity = "1..*", paramLabel = "NAME=VALUE", parameterConsumer = RunCommand.Assignments.class,
            description = "Compare the Hessian-vector product H·v for this direction v (parameters not named are 0).")
    List<String> hvp;

    @Mixin
    SizeOptions sizes;

    @Mixin
    CommonOptions common;

    /** One line of the table. */
    private record Row(String engine, Object value, Map<String, Object> derivative, double error, double nanos) {
    }

    @Override
    public Integer call() {
        return common.guard(this::run);
    }

    private int run() {
        if (maxIterations < 1) {
            throw CommandError.usage(CliMessages.maxIterations(maxIterations));
        }
        if (maxKeptValues < 0) {
            throw CommandError.usage(CliMessages.maxKeptValues(maxKeptValues));
        }
        if (maxCalls < 1) {
            throw CommandError.usage(CliMessages.maxCalls(maxCalls));
        }
        SourceFile source = Sources.read(file);
        ModuleIr module = Sources.compile(source, null, common.err(), common.classes(), java.util.Set.of(function),
                sizes.specialisation(""));
        if (module == null) {
            return CommandError.INPUT;
        }
        FunctionIr f = Sources.function(module, function, file);
        if (f.realParams().isEmpty()) {
            throw CommandError.input(CliMessages.compareNeedsReals(f.name()));
        }
        Arguments.Bound bound = Arguments.bind(f, Arguments.split("--arg", args), module.boundSizes());
        Engine.Invocation call = new Engine.Invocation(module, f, bound.values(), bound.sizes(), maxIterations,
                maxKeptValues, maxCalls, null);
        if (hessian || hvp != null) {
            List<Row> rows = new ArrayList<>();
            for (CompareSecondOrder.Result r : CompareSecondOrder.rows(call, hvp, CompareCommand::time)) {
                Row row = new Row(r.engine(), r.value(), r.derivative(), 0, r.nanos());
                rows.add(new Row(row.engine(), row.value(), row.derivative(),
                        rows.isEmpty() ? 0 : error(row, rows.get(0)), row.nanos()));
            }
            common.out().print(json ? json(rows) : table(rows, hvp != null ? "hvp" : "hessian", false));
            return 0;
        }
        Type.Real out = (Type.Real) f.output();
        List<String> reals = f.realParams();
        Object seed = out.isScalar() ? null : ones(Engines.get("interpreter").value(call));
        List<Row> rows = new ArrayList<>();
        Row reference = null;
        for (String name : List.of("compiled", "tape", "interpreter")) {
            Engine e = Engines.get(name);
            Supplier<Engine.Derivative> d = () -> seed == null ? e.gradient(call, reals) : e.vjp(call, reals, seed);
            Engine.Derivative result = available(name, d);
            double nanos = time(d::get);
            Row row = new Row(label(name), result.value(), result.byParameter(), 0, nanos);
            reference = reference == null ? row : reference;
            rows.add(new Row(row.engine(), row.value(), row.derivative(), error(row, reference), nanos));
        }
        Engine compiled = Engines.get("compiled");
        Supplier<Map<String, Object>> forward = () -> forwardMode(compiled, call, reals);
        Map<String, Object> fm = available("compiled", forward);
        Row fmRow = new Row("compiled, forward mode", reference.value(), fm, 0, time(forward::get));
        rows.add(1, new Row(fmRow.engine(), fmRow.value(), fm, error(fmRow, reference), fmRow.nanos()));
        for (boolean central : new boolean[] {true, false}) {
            Supplier<Map<String, Object>> fd = () -> differences(compiled, call, reals, seed, central);
            Map<String, Object> d = fd.get();
            Row row = new Row(central ? "central differences" : "forward difference h=0.01", reference.value(), d, 0,
                    time(fd::get));
            rows.add(new Row(row.engine(), row.value(), d, error(row, reference), row.nanos()));
        }
        common.out().print(json ? json(rows) : table(rows, seed != null ? "vjp (seed of ones)" : "gradient",
                usesDetach(f.graph())));
        return 0;
    }

    /** Runs one engine's derivative; one it cannot compute is reported as {@code run} reports it, not as a crash. */
    private static <T> T available(String engine, Supplier<T> derivative) {
        try {
            return derivative.get();
        } catch (Engine.Unsupported u) {
            throw CommandError.usage(CliMessages.derivativeUnavailable(u.what(), engine, u.getMessage()));
        }
    }

    private static String label(String engine) {
        return switch (engine) {
            case "compiled" -> "compiled (static graph)";
            case "tape" -> "tape (define-by-run)";
            default -> "interpreter";
        };
    }

    private static NDArray ones(Object value) {
        return NDArray.filled(1.0, ((NDArray) value).shape());
    }

    /** Nanoseconds per call: warm up for 0.2 s, then the mean over repeated calls for at least 0.3 s. */
    private static double time(Runnable r) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < WARMUP_NANOS) {
            r.run();
        }
        long calls = 0;
        start = System.nanoTime();
        long now;
        do {
            r.run();
            calls++;
            now = System.nanoTime();
        } while (now - start < MEASURE_NANOS);
        return (double) (now - start) / calls;
    }

    private static Map<String, Object> differences(Engine e, Engine.Invocation call, List<String> reals, Object seed,
                                                   boolean central) {
        Map<String, Object> by = new LinkedHashMap<>();
        double base = central ? 0 : project(e.value(call), seed);
        for (String p : reals) {
            int index = call.function().paramIndex(p);
            NDArray x = (NDArray) call.args()[index];
            double[] g = new double[x.size()];
            for (int k = 0; k < g.length; k++) {
                double h = central ? 1e-6 * Math.max(1, Math.abs(x.data()[k])) : 0.01;
                double up = project(e.value(nudged(call, index, k, h)), seed);
                g[k] = central ? (up - project(e.value(nudged(call, index, k, -h)), seed)) / (2 * h) : (up - base) / h;
            }
            by.put(p, new NDArray(g, x.shape()));
        }
        return by;
    }

    /**
     * The same derivative by forward mode: one Jacobian-vector product per input entry, each giving one entry
     * of the gradient (for a vector output, of the seed-of-ones product: the sum of the tangent's entries).
     */
    private static Map<String, Object> forwardMode(Engine e, Engine.Invocation call, List<String> reals) {
        List<NDArray> at = new ArrayList<>();
        for (String p : reals) {
            at.add((NDArray) call.args()[call.function().paramIndex(p)]);
        }
        Map<String, Object> by = new LinkedHashMap<>();
        for (int q = 0; q < reals.size(); q++) {
            double[] g = new double[at.get(q).size()];
            for (int k = 0; k < g.length; k++) {
                double[] t = ((NDArray) e.jvp(call, reals, Jacobians.unitTangents(at, q, k)).tangent()).data();
                for (double x : t) {
                    g[k] += x;
                }
            }
            by.put(reals.get(q), new NDArray(g, at.get(q).shape()));
        }
        return by;
    }

    private static double project(Object value, Object seed) {
        double[] v = ((NDArray) value).data();
        if (seed == null) {
            return v[0];
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static Engine.Invocation nudged(Engine.Invocation call, int index, int element, double h) {
        Object[] args = call.args().clone();
        NDArray x = (NDArray) args[index];
        double[] d = x.data().clone();
        d[element] += h;
        args[index] = new NDArray(d, x.shape());
        return new Engine.Invocation(call.module(), call.function(), args, call.sizes(), call.maxIterations(),
                call.maxKeptValues(), call.maxCalls(), null);
    }

    /** The largest error ({@link #mixed}) against the reference over the value and every derivative entry. */
    private static double error(Row row, Row reference) {
        double worst = mixed((NDArray) row.value(), (NDArray) reference.value());
        for (Map.Entry<String, Object> e : row.derivative().entrySet()) {
            worst = Math.max(worst, mixed((NDArray) e.getValue(), (NDArray) reference.derivative().get(e.getKey())));
        }
        return worst;
    }

    /** The largest {@code |a - b| / max(1, |b|)} over the entries; equal entries (infinities, NaNs) count 0. */
    static double mixed(NDArray a, NDArray b) {
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.data()[i];
            double y = b.data()[i];
            if (Double.compare(x, y) == 0 || x == y) {
                continue;
            }
            double e = Math.abs(x - y) / Math.max(1, Math.abs(y));
            worst = Math.max(worst, Double.isNaN(e) ? Double.POSITIVE_INFINITY : e);
        }
        return worst;
    }

    /** Whether the graph (or a region in it) detaches a value: finite differences then see what AD does not. */
    private static boolean usesDetach(dev.gradc.ir.Graph graph) {
        java.util.ArrayDeque<dev.gradc.ir.Graph> todo = new java.util.ArrayDeque<>(List.of(graph));
        while (!todo.isEmpty()) {
            for (dev.gradc.ir.Node n : todo.pop().nodes()) {
                if (n.op() instanceof dev.gradc.ops.Detach) {
                    return true;
                }
                if (n.op() instanceof dev.gradc.ir.Region r) {
                    todo.addAll(r.graphs());
                }
            }
        }
        return false;
    }

    private String table(List<Row> rows, String header, boolean detach) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-27s %-22s %-34s %-14s %s%n", "engine", "value", header,
                "max error", "time per call"));
        boolean cut = false;
        boolean differences = false;
        for (Row r : rows) {
            StringBuilder d = new StringBuilder();
            for (Map.Entry<String, Object> e : r.derivative().entrySet()) {
                d.append(d.length() == 0 ? "" : " ").append(e.getKey()).append('=')
                        .append(Output.format(e.getValue(), false));
            }
            String value = Output.format(r.value(), false);
            cut |= value.length() > WIDTH || d.length() > WIDTH;
            differences |= r.engine().startsWith("central diff") && r.error() > 1e-6;
            out.append(String.format(Locale.ROOT, "%-27s %-22s %-34s %-14s %s%n", r.engine(),
                    shorten(value), shorten(d.toString()),
                    String.format(Locale.ROOT, "%.1e", r.error()), duration(r.nanos())));
        }
        out.append("time per call: mean after 0.2 s of warm-up, over at least 0.3 s of repeated calls in this JVM,\n"
                + "through the engine adapter (argument conversion included); finite differences evaluate the\n"
                + (header.startsWith("h") ? "compiled gradient twice per direction, timed once (building the gradient included)"
                        : "compiled value once or twice per input entry") + ".\nmax error: " + CliMessages.compareErrorMetric()
                + ".\n");
        if (cut) {
            out.append(CliMessages.compareCut()).append('\n');
        }
        if (detach && differences) {
            out.append(CliMessages.compareDetach(function)).append('\n');
        }
        return out.toString();
    }

    /** The width of the value and derivative columns; longer entries are cut with "...". */
    private static final int WIDTH = 34;

    private static String shorten(String s) {
        return s.length() <= WIDTH ? s : s.substring(0, WIDTH - 3) + "...";
    }

    private static String duration(double nanos) {
        if (nanos < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f µs", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private String json(List<Row> rows) {
        List<Output> list = new ArrayList<>();
        for (Row r : rows) {
            list.add(new Output().put("engine", r.engine()).put("value", r.value()).put("derivative", r.derivative())
                    .put("maxError", r.error()).put("nanosPerCall", r.nanos()));
        }
        return new Output().put("errorMetric", CliMessages.compareErrorMetric()).put("rows", list).json() + "\n";
    }
}
