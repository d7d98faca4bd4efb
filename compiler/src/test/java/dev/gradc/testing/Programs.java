package dev.gradc.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gradc.Gradc;
import dev.gradc.diag.DiagnosticPrinter;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test helpers: compile source text or a seed example to IR, and evaluate with the interpreter. */
public final class Programs {

    private Programs() {
    }

    public static Path examples() {
        String p = System.getProperty("gradc.examples");
        return Path.of(p == null || p.isEmpty() ? "../examples/src/main/grad" : p);
    }

    /** The benchmarks' programs ({@code benchmarks/src/main/grad}), from the compiler module's directory. */
    public static Path benchmarks() {
        return Path.of("../benchmarks/src/main/grad");
    }

    /** Every {@code .grad} file below {@code root}, in path order. */
    public static List<SourceFile> gradFiles(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            List<SourceFile> out = new ArrayList<>();
            for (Path p : s.filter(p -> p.toString().endsWith(".grad")).sorted().toList()) {
                out.add(SourceFile.read(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SourceFile example(String name) {
        try {
            return SourceFile.read(examples().resolve("seed").resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ModuleIr compile(String text) {
        return compile(new SourceFile("test.grad", text));
    }

    public static ModuleIr compile(SourceFile source) {
        Diagnostics d = new Diagnostics();
        ModuleIr m = Gradc.frontEnd(source, null, d);
        if (m == null || d.hasErrors()) {
            fail("does not compile:\n" + new DiagnosticPrinter(Map.of(source.name(), source)).formatAll(d));
        }
        return m;
    }

    /** The module specialised to {@code sizes} (see {@link dev.gradc.Specialisation}); fails the test on errors. */
    public static ModuleIr compile(SourceFile source, dev.gradc.Specialisation sizes) {
        Diagnostics d = new Diagnostics();
        ModuleIr m = Gradc.frontEnd(source, null, d, Gradc.class.getClassLoader(), sizes);
        if (m == null || d.hasErrors()) {
            fail("does not compile specialised to " + sizes.text() + ":\n"
                    + new DiagnosticPrinter(Map.of(source.name(), source)).formatAll(d));
        }
        return m;
    }

    public static Diagnostics diagnose(String text) {
        Diagnostics d = new Diagnostics();
        Gradc.frontEnd(new SourceFile("bad.grad", text), null, d);
        return d;
    }

    /** Runs any graph on NDArray/Integer arguments with the interpreter; gives all results. */
    public static Object[] run(dev.gradc.ir.Graph g, Object... args) {
        return new Interpreter(new EvalContext(Map.of()), Interpreter.DEFAULT_MAX_ITERATIONS).run(g, args);
    }

    /** Runs a graph on scalar arguments; gives each result's data. */
    public static double[][] runScalars(dev.gradc.ir.Graph g, double... args) {
        Object[] in = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            in[i] = NDArray.scalar(args[i]);
        }
        Object[] out = run(g, in);
        double[][] r = new double[out.length][];
        for (int i = 0; i < out.length; i++) {
            r[i] = ((NDArray) out[i]).data();
        }
        return r;
    }

    /** Evaluates a function's value on scalar arguments. */
    public static double value(FunctionIr f, double... args) {
        Object[] in = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            in[i] = NDArray.scalar(args[i]);
        }
        return ((NDArray) new Interpreter(new EvalContext(Map.of()), Interpreter.DEFAULT_MAX_ITERATIONS)
                .run(f.graph(), in)[0]).item();
    }
}
