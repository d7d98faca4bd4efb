package dev.gradc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.RunFailure;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.ValueStack;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.runtime.KeptValues;
import dev.gradc.runtime.KeptStateLimitException;
import dev.gradc.engine.TapeEngine;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Generated programs and mutants ({@link AgreeCases}: grammar-generated functions with loops, ifs, slices and
 * indexed updates; mutants of them and of the example programs) through the front end, the interpreter, the tape
 * and the compiled engine (javac, a few hundred functions per module): values and gradients (vector-Jacobian
 * products for array outputs, seeded with ones) agree within 1e-12 relative, and a run that fails (iteration
 * limit, index out of range, ...) fails in every engine. That includes a derivative through a loop of no
 * trips or an untaken branch ({@code h = t / n} read only in a loop of n trips, at n = 0): the tape never
 * reaches h, and the static gradient must not turn the zero adjoint times the infinite partial into NaN.
 * 1,000 cases by default; {@code -Dgradc.fuzz.long=true} runs {@code gradc.fuzz.programs} (default 10,000) more
 * (from case {@code gradc.fuzz.from}, default 1,000); {@code -Dgradc.fuzz.case=k} (or {@code k1,k2,...}) runs
 * those cases alone; {@code -Dgradc.fuzz.threads=1} runs one batch at a time (default two, one per core);
 * {@code -Dgradc.fuzz.print=true} prints each case's arguments (in the test's output file). Each batch's
 * disagreements are printed as soon as it ends, so a long run shows what it found while it goes on. A call that
 * returns must leave its thread's stacks as it found them (every stack it pushed emptied): the interpreter's always,
 * the compiled code's in a JVM whose stacks count ({@code -Dgradc.keptValues=true}: {@link StacksEmptiedTest}).
 */
class EnginesAgreeFuzzTest {

    private static final long SEED = 0x656e67696e6573L;
    private static final int BATCH = 250;
    private static final long MAX_ITERATIONS = 10_000;
    private static final int DEFAULT_PROGRAMS = 1_000;

    /**
     * Arguments of f's types: sizes 1 to 3, reals in [-0.8, 0.8], ints 0 to 3 (mostly valid indices, loop counts
     * of zero included), int arrays of valid indices ({@link #indexBound}); sizes first, in f's order.
     */
    private record Arguments(Map<String, Integer> sizes, Object[] values) {
    }

    private static Arguments arguments(FunctionIr f, Random r) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String s : f.sizes()) {
            sizes.put(s, 1 + r.nextInt(3));
        }
        Object[] args = new Object[f.params().size()];
        for (int i = 0; i < args.length; i++) {
            Type t = f.params().get(i).type();
            if (t instanceof Type.Real real) {
                int[] shape = real.shape().resolve(sizes);
                double[] data = new double[Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b))];
                Arrays.setAll(data, k -> r.nextDouble() * 1.6 - 0.8);
                args[i] = new NDArray(data, shape);
            } else if (t instanceof Type.Int) {
                args[i] = r.nextInt(4);
            } else if (t instanceof Type.IntArray ints) {
                int[] shape = ints.shape().resolve(sizes);
                int bound = indexBound(f, sizes);
                int[] data = new int[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
                Arrays.setAll(data, k -> r.nextInt(bound));
                args[i] = new dev.gradc.ops.IntND(data, shape);
            } else {
                args[i] = r.nextBoolean();
            }
        }
        return new Arguments(sizes, args);
    }

    /**
     * A bound below which an int is a valid index into every axis of every real array parameter (the smallest
     * such axis; 3 when there is none): what an index array holds, so that gathers read rows that exist.
     */
    private static int indexBound(FunctionIr f, Map<String, Integer> sizes) {
        int bound = 3;
        for (FunctionIr.ParamInfo p : f.params()) {
            if (p.type() instanceof Type.Real real && !real.isScalar()) {
                for (int d : real.shape().resolve(sizes)) {
                    bound = Math.min(bound, d);
                }
            }
        }
        return Math.max(1, bound);
    }

    /** The arguments as the compiled methods take them: sizes, then doubles, double[] and ints. */
    private static Object[] java(Arguments a) {
        List<Object> out = new ArrayList<>(a.sizes().values());
        for (Object v : a.values()) {
            out.add(v instanceof NDArray n ? n.isScalar() ? (Object) n.item() : n.data().clone()
                    : v instanceof dev.gradc.ops.IntND ints ? ints.data().clone() : v);
        }
        return out.toArray();
    }

    private static double[] flat(Object o) {
        return o instanceof NDArray a ? a.data() : o instanceof Double d ? new double[] {d} : (double[]) o;
    }

    private static void agree(String what, double[] expected, double[] actual, List<String> failures) {
        boolean ok = expected.length == actual.length;
        for (int i = 0; ok && i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            ok = Double.compare(e, a) == 0 || Math.abs(e - a) <= 1e-12 * Math.max(1, Math.abs(e));
        }
        if (!ok) {
            failures.add(what + ": " + Arrays.toString(expected) + " vs " + Arrays.toString(actual));
        }
    }

    /**
     * Runs cases [from, to) in batches of one module each, two batches at a time (javac is most of the cost, and
     * two modules compile in parallel on two cores); gives the disagreements, in case order (empty when all agree).
     */
    static List<String> run(int from, int to) {
        ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("gradc.fuzz.threads", 2));
        try {
            List<Future<List<String>>> batches = new ArrayList<>();
            for (int start = from; start < to; start += BATCH) {
                int first = start;
                int end = Math.min(to, start + BATCH);
                batches.add(pool.submit(() -> runBatch(first, end)));
            }
            List<String> failures = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                List<String> found = batches.get(b).get();
                failures.addAll(found);
                int first = from + b * BATCH;
                System.out.printf("batch of cases %d to %d: %d failing cases%n", first, Math.min(to, first + BATCH) - 1,
                        found.stream().filter(f -> f.contains("\n")).count()); // a failing case ends with its program
                found.forEach(System.out::println);
                System.out.flush();
            }
            return failures;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** CPU time the batches took, summed over both threads: what the run costs on a quiet machine (javac's own threads aside). */
    private static final java.util.concurrent.atomic.AtomicLong CPU_NANOS = new java.util.concurrent.atomic.AtomicLong();

    private static List<String> runBatch(int from, int to) {
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        try {
            return runBatchNow(from, to);
        } finally {
            CPU_NANOS.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu);
        }
    }

    private static List<String> runBatchNow(int from, int to) {
        AgreeCases cases = new AgreeCases(SEED);
        List<String> failures = new ArrayList<>();
        List<AgreeCases.Case> batch = new ArrayList<>();
        StringBuilder text = new StringBuilder("module fuzz.Agree" + from + ";\n");
        for (int k = from; k < to; k++) {
            AgreeCases.Case c = cases.get(k);
            if (c != null) {
                batch.add(c);
                text.append(c.text());
            }
        }
        SourceFile source = new SourceFile("agree.grad", text.toString());
        ModuleIr m = Programs.compile(source);
        CompiledModule compiled;
        try {
            compiled = CompiledModule.load(m);
        } catch (RuntimeException e) {
            batch = compilingAlone(batch, failures);
            source = new SourceFile("agree.grad", "module fuzz.Agree" + from + ";\n"
                    + String.join("", batch.stream().map(AgreeCases.Case::text).toList()));
            m = Programs.compile(source);
            compiled = CompiledModule.load(m);
        }
        compiled.setMaxIterations(MAX_ITERATIONS);
        TapeEngine tape = new TapeEngine(Parser.parse(source, new Diagnostics()), source.baseName(), MAX_ITERATIONS, m);
        for (AgreeCases.Case c : batch) {
            int before = failures.size();
            try {
                check(c.k(), m.function(c.entry()), new Engines(tape, compiled), failures);
            } catch (RuntimeException | StackOverflowError x) {
                failures.add("case " + c.k() + " threw " + x);
            }
            if (failures.size() > before) {
                failures.add("case " + c.k() + " (" + c.origin() + "):\n" + c.text());
            }
        }
        return failures;
    }

    /** The cases whose Java compiles alone; each other one is a failure with its reproducer. */
    private static List<AgreeCases.Case> compilingAlone(List<AgreeCases.Case> batch, List<String> failures) {
        List<AgreeCases.Case> ok = new ArrayList<>();
        for (AgreeCases.Case c : batch) {
            try {
                CompiledModule.load(Programs.compile("module fuzz.Alone" + c.k() + ";\n" + c.text()));
                ok.add(c);
            } catch (RuntimeException e) {
                failures.add("case " + c.k() + " (" + c.origin() + ") does not compile: " + e.getMessage() + "\n"
                        + c.text());
            }
        }
        return ok;
    }

    /** The module as the tape reads it and as javac compiled it. */
    private record Engines(TapeEngine tape, CompiledModule compiled) {
    }

    private static void check(int k, FunctionIr f, Engines e, List<String> failures) {
        Arguments args = arguments(f, new Random(SEED * 7 + k));
        Object[] javaArgs = java(args);
        if (Boolean.getBoolean("gradc.fuzz.print")) { // the arguments, to rerun a case with gradc run --arg
            System.out.println("case " + k + " arguments: " + args.sizes() + " " + Arrays.deepToString(args.values()));
        }
        boolean vector = !((Type.Real) f.output()).isScalar();
        Runs.Result in;
        long interpreterHeld = ValueStack.heldNow();
        try {
            in = Runs.interpreter(f, args.sizes(), args.values(), MAX_ITERATIONS);
            emptied(k + " interpreter", interpreterHeld, ValueStack.heldNow(), failures);
        } catch (IterationLimitException | KeptStateLimitException | RunFailure x) {
            expectFailure("tape " + k, x, () -> Runs.tape(e.tape(), f, args.sizes(), args.values()), failures);
            expectFailure("compiled " + k, x, () -> e.compiled().value(f.name(), javaArgs), failures);
            return;
        }
        Runs.Result tape = Runs.tape(e.tape(), f, args.sizes(), args.values());
        CompiledModule.Result c;
        long compiledHeld = KeptValues.held();
        if (vector) {
            Object[] withSeed = Arrays.copyOf(javaArgs, javaArgs.length + 1);
            withSeed[javaArgs.length] = NDArray.filled(1.0, in.value().shape()).data();
            c = e.compiled().vjp(f.name(), withSeed);
        } else {
            c = e.compiled().grad(f.name(), javaArgs);
        }
        emptied(k + " compiled", compiledHeld, KeptValues.held(), failures); // counted only under -Dgradc.keptValues
        agree(k + " tape value", in.value().data(), tape.value().data(), failures);
        agree(k + " compiled value", in.value().data(), flat(c.value()), failures);
        agree(k + " compiled value method", in.value().data(), flat(e.compiled().value(f.name(), javaArgs)), failures);
        for (String p : f.realParams()) {
            agree(k + " tape d/d" + p, in.derivatives().get(p).data(), tape.derivatives().get(p).data(), failures);
            agree(k + " compiled d/d" + p, in.derivatives().get(p).data(), flat(c.parts().get(p)), failures);
        }
    }

    /**
     * A call that returned left every stack it pushed empty: its thread's stacks hold what they held before it
     * ({@link ValueStack#heldNow}, {@link KeptValues#held}).
     */
    private static void emptied(String what, long before, long after, List<String> failures) {
        if (after != before) {
            failures.add(what + " left " + (after - before) + " values on its stacks");
        }
    }

    /** The engine fails as the interpreter did: the same kind of failure (the iteration limit, a run-time error). */
    private static void expectFailure(String what, RuntimeException expected, Runnable run, List<String> failures) {
        try {
            run.run();
            failures.add(what + " ended where the interpreter failed: " + expected.getMessage());
        } catch (IterationLimitException x) {
            if (!(expected instanceof IterationLimitException)) {
                failures.add(what + " hit the iteration limit where the interpreter failed: " + expected.getMessage());
            }
        } catch (RuntimeException x) {
            if (expected instanceof IterationLimitException || x.getMessage() == null) {
                failures.add(what + " failed with " + x + " where the interpreter failed: " + expected.getMessage());
            }
        }
    }

    private static void passes(int from, int to) {
        long t0 = System.nanoTime();
        List<String> failures = run(from, to);
        System.out.printf("engines agree: %d cases in %.1f s (%.1f s of CPU), %d disagreements%n", to - from,
                (System.nanoTime() - t0) / 1e9, CPU_NANOS.getAndSet(0) / 1e9, failures.size());
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " disagreements");
    }

    @Test
    void generatedAndMutatedProgramsAgreeInEveryEngine() {
        String one = System.getProperty("gradc.fuzz.case");
        if (one != null && !one.isEmpty()) {
            for (String k : one.split(",")) {
                passes(Integer.parseInt(k.trim()), Integer.parseInt(k.trim()) + 1);
            }
        } else {
            passes(0, DEFAULT_PROGRAMS);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "gradc.fuzz.long", matches = "true")
    void tenThousandMoreProgramsAgreeInEveryEngine() {
        int n = Integer.getInteger("gradc.fuzz.programs", 10_000);
        int from = Integer.getInteger("gradc.fuzz.from", DEFAULT_PROGRAMS);
        passes(from, from + n);
    }
}
