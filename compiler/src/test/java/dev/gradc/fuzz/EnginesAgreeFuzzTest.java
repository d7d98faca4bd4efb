package dev.gradc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Grammar-generated programs (straight-line code, counted and data-dependent loops, ifs, scalars, vectors, a
 * matrix; scalar and vector outputs) through the front end, the interpreter, the tape and the compiled engine
 * (javac, many functions per module): values and gradients (vector-Jacobian products for vector outputs) agree
 * within 1e-12 relative, and a run that fails fails in every engine. 250 programs by default (one module:
 * 1,000 took 266 s on the shared, loaded build machine, too long for every build);
 * {@code -Dgradc.fuzz.long=true} runs {@code gradc.fuzz.programs} (default 10,000) more.
 */
class EnginesAgreeFuzzTest {

    private static final long SEED = 0x656e67696e6573L;
    private static final int BATCH = 250;
    private static final long MAX_ITERATIONS = 10_000;
    private static final int DEFAULT_PROGRAMS = 250;

    private static String program(int k) {
        String text = k % 2 == 0 ? RandomPrograms.generate(SEED + k) : RandomPrograms.generateVectorOutput(SEED + k);
        return (k % 2 == 0 ? "@grad\n" : "@vjp\n") + text.replaceFirst("fn f\\(", "fn f" + k + "(");
    }

    private static Object[] arguments(Random r) {
        double[] v = new double[3];
        double[] m = new double[6];
        Arrays.setAll(v, i -> r.nextDouble() * 1.6 - 0.8);
        Arrays.setAll(m, i -> r.nextDouble() * 1.6 - 0.8);
        return new Object[] {NDArray.scalar(r.nextDouble() * 1.6 - 0.8), NDArray.scalar(r.nextDouble() * 1.6 - 0.8),
            new NDArray(v, new int[] {3}), new NDArray(m, new int[] {2, 3})};
    }

    private static Object java(Object nd) {
        NDArray a = (NDArray) nd;
        return a.isScalar() ? (Object) a.item() : a.data().clone();
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

    /** Runs programs [from, to) in batches; gives the disagreements (empty when all agree). */
    private static List<String> run(int from, int to) {
        List<String> failures = new ArrayList<>();
        for (int start = from; start < to; start += BATCH) {
            StringBuilder text = new StringBuilder("module fuzz.Agree;\n");
            for (int k = start; k < Math.min(to, start + BATCH); k++) {
                text.append(program(k));
            }
            SourceFile source = new SourceFile("agree.grad", text.toString());
            ModuleIr m = Programs.compile(source);
            CompiledModule compiled = CompiledModule.load(m);
            compiled.setMaxIterations(MAX_ITERATIONS);
            for (int k = start; k < Math.min(to, start + BATCH); k++) {
                check(k, m.function("f" + k), source, compiled, failures);
            }
        }
        return failures;
    }

    private static void check(int k, FunctionIr f, SourceFile source, CompiledModule compiled, List<String> failures) {
        Object[] args = arguments(new Random(SEED * 7 + k));
        Object[] javaArgs = Arrays.stream(args).map(EnginesAgreeFuzzTest::java).toArray();
        boolean vector = k % 2 == 1;
        Runs.Result in;
        try {
            in = Runs.interpreter(f, Map.of(), args, MAX_ITERATIONS);
        } catch (IterationLimitException e) {
            expectLimit("tape " + k, () -> Runs.tape(source, f, Map.of(), args, MAX_ITERATIONS), failures);
            expectLimit("compiled " + k, () -> compiled.value(f.name(), javaArgs), failures);
            return;
        }
        Runs.Result tape = Runs.tape(source, f, Map.of(), args, MAX_ITERATIONS);
        Object[] withSeed = Arrays.copyOf(javaArgs, javaArgs.length + 1);
        withSeed[javaArgs.length] = new double[] {1, 1, 1};
        CompiledModule.Result c = vector ? compiled.vjp(f.name(), withSeed) : compiled.grad(f.name(), javaArgs);
        agree(k + " tape value", in.value().data(), tape.value().data(), failures);
        agree(k + " compiled value", in.value().data(), flat(c.value()), failures);
        agree(k + " compiled value method", in.value().data(), flat(compiled.value(f.name(), javaArgs)), failures);
        for (String p : f.realParams()) {
            agree(k + " tape d/d" + p, in.derivatives().get(p).data(), tape.derivatives().get(p).data(), failures);
            agree(k + " compiled d/d" + p, in.derivatives().get(p).data(), flat(c.parts().get(p)), failures);
        }
    }

    private static void expectLimit(String what, Runnable run, List<String> failures) {
        try {
            run.run();
            failures.add(what + " ended where the interpreter hit the iteration limit");
        } catch (IterationLimitException e) {
            // agrees
        }
    }

    @Test
    void generatedProgramsAgreeInEveryEngine() {
        List<String> failures = run(0, DEFAULT_PROGRAMS);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " disagreements");
    }

    @Test
    @EnabledIfSystemProperty(named = "gradc.fuzz.long", matches = "true")
    void tenThousandMoreGeneratedProgramsAgreeInEveryEngine() {
        int n = Integer.getInteger("gradc.fuzz.programs", 10_000);
        List<String> failures = run(DEFAULT_PROGRAMS, DEFAULT_PROGRAMS + n);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " disagreements");
    }
}
