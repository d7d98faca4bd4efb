package dev.gradc.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gradc.Gradc;
import dev.gradc.diag.Diagnostic;
import dev.gradc.diag.DiagnosticPrinter;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.diag.Span;
import dev.gradc.engine.RunFailure;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.runtime.KeptStateLimitException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What must hold for any program text: the front end ends in diagnostics that all have a position inside the
 * file, or in a module; never an exception, a stack overflow or a hang. A module's first function with real
 * parameters then runs (gradient pass + interpreter, and the tape) on small random inputs under a low
 * iteration limit, and gives numbers or a clean run-time failure.
 */
final class FuzzOracle {

    /** How one case ended. */
    enum Outcome { DIAGNOSED, RAN, RUN_FAILED, NOT_RUN }

    /**
     * A hang is a case that never ends; the bound only has to stop one. It is generous because CI machines are
     * shared: a 10,000-deep literal took over 10 s on a loaded two-core machine and was reported as a hang.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long MAX_ITERATIONS = 10_000;
    /** Arguments larger than this are not built (a parameter of type real[2147483647] compiles, but is not run). */
    private static final long MAX_ELEMENTS = 100_000;

    private FuzzOracle() {
    }

    static Outcome check(String name, String text, long seed) {
        return assertTimeoutPreemptively(TIMEOUT, () -> checkNow(name, text, seed, true),
                () -> "hang on case " + name + ":\n" + shown(text));
    }

    /** Only the front end: DIAGNOSED, or NOT_RUN for a module. */
    static Outcome checkFrontEnd(String name, String text) {
        return assertTimeoutPreemptively(TIMEOUT, () -> checkNow(name, text, 0, false),
                () -> "hang on case " + name + ":\n" + shown(text));
    }

    /** The program as shown in a failure message: at most the first 3,000 characters. */
    static String shown(String text) {
        return text.length() <= 3_000 ? text : text.substring(0, 3_000) + "\n... (" + text.length() + " characters)";
    }

    private static Outcome checkNow(String name, String text, long seed, boolean run) {
        SourceFile source = new SourceFile(name + ".grad", text);
        Diagnostics d = new Diagnostics();
        ModuleIr m;
        try {
            m = Gradc.frontEnd(source, null, d);
        } catch (Throwable e) {
            throw new AssertionError("front end threw on case " + name + ":\n" + shown(text), e);
        }
        String printed = print(source, d, text, name);
        if (m == null) {
            if (!d.hasErrors()) {
                fail("no module and no error for case " + name + ":\n" + shown(text));
            }
            positioned(source, d, text, name, printed);
            return Outcome.DIAGNOSED;
        }
        if (d.hasErrors()) {
            fail("a module despite errors for case " + name + ":\n" + printed + shown(text));
        }
        FunctionIr f = m.functions().stream().filter(fn -> !fn.realParams().isEmpty()).findFirst().orElse(null);
        if (run && seed % COMPILE_EVERY == 0) {
            compileAndLoad(m, name, text);
        }
        if (f == null || !run) {
            return Outcome.NOT_RUN;
        }
        return run(source, f, new Random(seed), name, text);
    }

    /** One in this many modules is also emitted, compiled by javac and loaded (javac costs ~0.1 s a module). */
    static final int COMPILE_EVERY = 8;

    /** The module's Java compiles and loads, with every derivative its functions' annotations request. */
    private static void compileAndLoad(ModuleIr m, String name, String text) {
        try {
            Gradc.onLargeStack(() -> dev.gradc.engine.CompiledModule.load(m), m.source(), new Diagnostics());
        } catch (Throwable e) {
            throw new AssertionError("the generated Java does not compile or load for case " + name + ":\n"
                    + shown(text), e);
        }
    }

    private static String print(SourceFile source, Diagnostics d, String text, String name) {
        try {
            return new DiagnosticPrinter(Map.of(source.name(), source)).formatAll(d);
        } catch (Throwable e) {
            throw new AssertionError("printing the diagnostics threw on case " + name + ":\n" + shown(text), e);
        }
    }

    /** Every diagnostic is on a line of the file, at a column of that line or just after its end. */
    private static void positioned(SourceFile source, Diagnostics d, String text, String name, String printed) {
        // the file as the compiler reads it: a byte order mark dropped, a lone carriage return a line break
        String[] lines = source.text().split("\n", -1);
        for (Diagnostic g : d.sorted()) {
            Span s = g.span();
            boolean ok = s.file().equals(source.name()) && s.line() >= 1 && s.column() >= 1
                    && s.line() <= lines.length
                    && s.column() <= lines[s.line() - 1].length() + 1;
            if (!ok) {
                fail("diagnostic outside the file (" + s + ", " + lines.length + " lines) for case " + name + ":\n"
                        + printed + "---\n" + shown(text));
            }
        }
    }

    private static Outcome run(SourceFile source, FunctionIr f, Random r, String name, String text) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String s : f.sizes()) {
            sizes.put(s, 1 + r.nextInt(3));
        }
        Object[] args = new Object[f.params().size()];
        for (int i = 0; i < args.length; i++) {
            Type t = f.params().get(i).type();
            if (t instanceof Type.Real real) {
                int[] shape = real.shape().resolve(sizes);
                long n = 1;
                for (int s : shape) {
                    n *= s;
                    if (s < 0 || n > MAX_ELEMENTS) {
                        return Outcome.NOT_RUN;
                    }
                }
                double[] data = new double[(int) n];
                for (int k = 0; k < data.length; k++) {
                    data[k] = r.nextDouble() * 4 - 2;
                }
                args[i] = new NDArray(data, shape);
            } else if (t instanceof Type.Int) {
                args[i] = r.nextInt(4);
            } else {
                args[i] = r.nextBoolean();
            }
        }
        Outcome interpreter = runOne("interpreter", name, text,
                () -> Runs.interpreter(f, sizes, args, MAX_ITERATIONS));
        Outcome tape = runOne("tape", name, text, () -> Runs.tape(source, f, sizes, args, MAX_ITERATIONS));
        return interpreter == Outcome.RAN && tape == Outcome.RAN ? Outcome.RAN : Outcome.RUN_FAILED;
    }

    /**
     * Runs an engine as the command line does, on a thread with a large stack (the passes and the tape recurse over
     * the program's nesting); a stack overflow even there is a failure.
     */
    private static Outcome runOne(String engine, String name, String text, java.util.function.Supplier<Runs.Result> run) {
        try {
            Diagnostics overflow = new Diagnostics();
            Runs.Result result = Gradc.onLargeStack(run, new SourceFile(name + ".grad", text), overflow);
            if (overflow.hasErrors()) {
                fail(engine + " overflowed the stack on case " + name + ":\n" + shown(text));
            }
            if (result == null) {
                fail(engine + " gave nothing for case " + name + ":\n" + shown(text));
            }
            return Outcome.RAN;
        } catch (IterationLimitException | RunFailure | KeptStateLimitException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                fail(engine + ": run-time failure without a message for case " + name + ":\n" + shown(text));
            }
            return Outcome.RUN_FAILED;
        } catch (Throwable e) {
            throw new AssertionError(engine + " threw on case " + name + ":\n" + shown(text), e);
        }
    }
}
