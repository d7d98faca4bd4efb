package dev.gradc.bench.ratios;

import dev.gradc.bench.BenchmarkJvm;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite once with JMH and prints the tables of times and ratios from that one
 * run's JSON result file, so that every ratio compares numbers measured side by side.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.gradc.bench.ratios.Ratios [options]
 *   (no option)      run every benchmark: average time, each class's own warm-up and measurement (5 × 1 s
 *                    each for the small programs; 10 × 2 s of warm-up for the array programs, which C2
 *                    takes 10–20 s to compile on a loaded machine; see {@link #timing}), the JVM
 *                    options of {@link BenchmarkJvm}; in {@value #ROUNDS} rounds of one fork each: the
 *                    first round runs everything, the later ones the values and gradients the targets
 *                    compare (generated and hand-written), so that their 3 forks are spread over the whole
 *                    run instead of following each other (a spell of a slow machine then slows one fork of
 *                    a benchmark, not all of them); the rounds' JSON files are joined into one
 *                    and last the {@code ...DefaultJvm} benchmarks in a round of their own, one fork each in
 *                    a JVM without options (default collector and heap, no pre-touch; see
 *                    {@link BenchmarkJvm#DEFAULT})
 *   --quick          1 fork, warmup 2 × 200 ms, measurement 3 × 200 ms: checks that all runs, measures
 *                    too little to judge, so the ratio table's targets read "not measured"
 *   --include REGEX  only the benchmarks matching REGEX (JMH's include)
 *   --json FILE      where the run writes JMH's JSON (default target/jmh.json)
 *   --from FILE      do not run: print the tables of an earlier run's JSON (JMH -rf json -rff FILE)
 * </pre>
 *
 * A run also writes {@code FILE.tf-unsupported.tsv} beside its JSON, the programs TF could not
 * differentiate and why, which {@code --from} reads when the peers are not on the class path.
 *
 * When the TensorFlow peers are on the class path (profile {@code peers}), each TF program is built
 * and differentiated once before the run; a program TF cannot differentiate is left out of the run
 * and its row says why, instead of failing the run.
 */
public final class Ratios {

    private static final String PEERS = "dev.gradc.bench.peers.TfPeers";

    private Ratios() {
    }

    /** Runs JMH (or reads {@code --from}) and prints the tables. */
    public static void main(String[] args) throws IOException, RunnerException {
        Path json = Path.of("target", "jmh.json");
        Path from = null;
        String include = "dev\\.gradc\\.bench\\..*";
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--include" -> include = args[++i];
                case "--json" -> json = Path.of(args[++i]);
                case "--from" -> from = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option '" + args[i] + "'; see the Javadoc of " + Ratios.class.getName());
                    System.exit(2);
                }
            }
        }
        Map<String, String> tfUnsupported = probePeers();
        if (from == null) {
            Files.createDirectories(json.toAbsolutePath().getParent());
            run(include, tfUnsupported, quick, json);
            writeUnsupported(sidecar(json), tfUnsupported);
            from = json;
        } else if (tfUnsupported.isEmpty()) {
            tfUnsupported = readUnsupported(sidecar(from));
        }
        RunResults results = RunResults.fromJson(Files.readString(from));
        System.out.println();
        System.out.println("Machine: " + machine());
        System.out.println("Results: " + from);
        System.out.println();
        System.out.print(RatioTable.render(results, tfUnsupported));
        System.out.print(ProgramsTable.render(results));
        System.out.print(SummaryTable.render(results));
    }

    /** Rounds of a full run: each runs one fork of the compared benchmarks. */
    static final int ROUNDS = 3;

    /** The benchmarks only the first round runs: tape, finite differences and TF, one fork each. */
    static final String FIRST_ROUND_ONLY = ".*\\.(tape|finiteDifferences\\w*)$|dev\\.gradc\\.bench\\.peers\\..*"
            + "|dev\\.gradc\\.bench\\.(Checkpoint|Workspace)Benchmark\\..*";

    /** The benchmarks measured in a JVM without options, in a round of their own after the others. */
    static final String DEFAULT_JVM = ".*DefaultJvm$";

    private static void run(String include, Map<String, String> tfUnsupported, boolean quick, Path json)
            throws RunnerException, IOException {
        List<String> parts = new ArrayList<>();
        int rounds = quick ? 1 : ROUNDS;
        for (int round = 1; round <= rounds; round++) {
            Path part = json.resolveSibling(json.getFileName() + ".round" + round);
            runRound(include, tfUnsupported, quick, part, round > 1);
            if (Files.exists(part)) {
                parts.add(Files.readString(part).strip());
            }
        }
        Path part = json.resolveSibling(json.getFileName() + ".default-jvm");
        if (runDefaultJvm(include, quick, part)) {
            parts.add(Files.readString(part).strip());
        }
        Files.writeString(json, joinArrays(parts));
    }

    /** A pattern for the {@code ...DefaultJvm} benchmarks that {@code include} also matches (JMH finds it in the name). */
    static String defaultJvmInclude(String include) {
        return "^(?=.*(?:" + include + "))" + DEFAULT_JVM;
    }

    /**
     * The {@code ...DefaultJvm} benchmarks among those {@code include} matches, one fork each, with no JVM
     * options from here: their forks run with their own {@code @Fork} only ({@link BenchmarkJvm#DEFAULT}).
     * False when there are none.
     */
    private static boolean runDefaultJvm(String include, boolean quick, Path json) throws RunnerException {
        ChainedOptionsBuilder options = timing(new OptionsBuilder()
                .include(defaultJvmInclude(include))
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS), quick)
                .forks(1)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        try {
            new Runner(options.build()).run();
            return true;
        } catch (NoBenchmarksException e) {
            return false;
        }
    }

    /**
     * The warm-up and measurement of a run. A full run sets none, so that each benchmark class's own
     * {@code @Warmup} and {@code @Measurement} apply: 5 × 1 s for the small programs, 10 × 2 s for the array
     * programs, whose reverse loops C2 takes 10–20 s to compile on a loaded machine (with 5 × 1 s their first
     * measured iterations still ran interpreted or C1 code). {@code --quick} sets 2 × 200 ms and 3 × 200 ms for all.
     */
    static ChainedOptionsBuilder timing(ChainedOptionsBuilder options, boolean quick) {
        if (!quick) {
            return options;
        }
        return options.warmupIterations(2).warmupTime(TimeValue.milliseconds(200))
                .measurementIterations(3).measurementTime(TimeValue.milliseconds(200));
    }

    /** One JSON array holding the elements of the given JSON arrays, in order. */
    static String joinArrays(List<String> arrays) {
        List<String> inner = new ArrayList<>();
        for (String a : arrays) {
            if (!a.startsWith("[") || !a.endsWith("]")) {
                throw new IllegalArgumentException("not a JSON array: " + a.substring(0, Math.min(40, a.length())));
            }
            String body = a.substring(1, a.length() - 1).strip();
            if (!body.isEmpty()) {
                inner.add(body);
            }
        }
        return "[\n" + String.join(",\n", inner) + "\n]\n";
    }

    private static void runRound(String include, Map<String, String> tfUnsupported, boolean quick, Path json,
                                 boolean comparedOnly) throws RunnerException {
        ChainedOptionsBuilder options = timing(new OptionsBuilder()
                .include(include)
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS), quick)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        options.forks(1);
        options.exclude(DEFAULT_JVM);
        if (comparedOnly) {
            options.exclude(FIRST_ROUND_ONLY);
        }
        for (String program : tfUnsupported.keySet()) {
            options.exclude("dev\\.gradc\\.bench\\.peers\\.Tf" + program + "Benchmark\\..*");
        }
        List<String> forwarded = new ArrayList<>(List.of(BenchmarkJvm.args()));
        for (String property : List.of("gradc.tf.threads")) {
            String value = System.getProperty(property);
            if (value != null) {
                forwarded.add("-D" + property + "=" + value);
            }
        }
        options.jvmArgsAppend(forwarded.toArray(String[]::new));
        new Runner(options.build()).run();
    }

    /** Where a run keeps what TF could not differentiate, beside its JSON, for {@code --from}. */
    static Path sidecar(Path json) {
        return json.resolveSibling(json.getFileName() + ".tf-unsupported.tsv");
    }

    /** One line per program: name, tab, TF's error. */
    static void writeUnsupported(Path file, Map<String, String> unsupported) throws IOException {
        StringBuilder text = new StringBuilder();
        unsupported.forEach((program, why) -> text.append(program).append('\t')
                .append(why.replace('\n', ' ').replace('\t', ' ')).append('\n'));
        Files.writeString(file, text);
    }

    /** The programs and errors of {@link #writeUnsupported}; empty if there is no such file. */
    static Map<String, String> readUnsupported(Path file) throws IOException {
        Map<String, String> unsupported = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    unsupported.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return unsupported;
    }

    /**
     * Asks the TF peers, when they are on the class path, which programs TF cannot differentiate.
     * The peers are compiled only with {@code -Ppeers}, hence reflection.
     */
    private static Map<String, String> probePeers() {
        Class<?> peers;
        try {
            peers = Class.forName(PEERS);
        } catch (ClassNotFoundException e) {
            return Map.of();
        }
        try {
            Method probe = peers.getMethod("unsupportedPrograms");
            @SuppressWarnings("unchecked")
            Map<String, String> unsupported = (Map<String, String>) probe.invoke(null);
            return new LinkedHashMap<>(unsupported);
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("the TF peers are on the class path but could not be probed: " + cause);
            return Map.of();
        }
    }

    /** CPU model, cores and memory of this machine, for the README's results table. */
    static String machine() {
        String cpu = "unknown CPU";
        String memory = "";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's view below is still useful
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            memory = lines.filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB, ")
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            // as above
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
    }
}
