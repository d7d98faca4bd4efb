package dev.gradc.bench.scaling;

import dev.gradc.Gradc;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.emit.EmittedModule;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.passes.Derivatives;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compile time against program size: generated straight-line programs of about 1k, 10k and 100k IR nodes
 * (scalar chains with a vector side chain, every value used later, {@code @grad(x)}), each compiled by the
 * front end (parse, check, lower) and {@code JavaEmitter.emit}, which runs the derivative passes and the
 * optimiser ({@code Derivatives.value} and {@code gradient}, also timed alone) and writes the Java; javac
 * separately with {@code --javac}. Each phase is timed as the best of
 * a few runs after a warm-up, and the table says whether the growth from 10k to 100k nodes is linear
 * (at most 15× the time) and whether 100k nodes compile in under 10 s.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.gradc.bench.scaling.CompilerScaling [--javac] [SIZES...]</pre>
 */
public final class CompilerScaling {

    /** One program's timings, in seconds. */
    record Row(int target, int nodes, int gradientNodes, double frontEnd, double derive, double emit, double javac) {
        /** The whole compilation: the emitter runs the derivative passes itself. */
        double total() {
            return frontEnd + emit;
        }
    }

    private CompilerScaling() {
    }

    public static void main(String[] args) throws Exception {
        boolean javac = false;
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--javac")) {
                javac = true;
            } else {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000, 10_000, 100_000);
        }
        measure(10_000, false, 3);
        measure(1_000, false, 10);
        List<Row> rows = new ArrayList<>();
        for (int n : sizes) {
            rows.add(measure(n, javac, n >= 100_000 ? 2 : 5));
        }
        print(rows, javac);
    }

    /** About 7 nodes a statement, as in the compiler's LargeProgramTest. */
    static String program(int statements) {
        StringBuilder s = new StringBuilder("module scale.Large;\n@grad(x)\nfn f(x: real, v: real[4]) -> real {\n");
        s.append("  a0 = x;\n  w0 = v;\n");
        for (int i = 1; i <= statements; i++) {
            if (i % 50 == 0) {
                s.append("  w").append(i).append(" = tanh(w").append(i - 50).append(" * a").append(i - 1)
                        .append(") + 0.5;\n");
                s.append("  a").append(i).append(" = a").append(i - 1).append(" * 0.5 + sum(w").append(i)
                        .append(") * 0.001;\n");
            } else {
                s.append("  a").append(i).append(" = sin(a").append(i - 1).append(") * 0.5 + a")
                        .append(Math.max(0, i - 7)).append(" * 0.25 + ").append(i % 13).append(";\n");
            }
        }
        s.append("  return a").append(statements).append(" + sum(w").append(statements - statements % 50)
                .append(");\n}\n");
        return s.toString();
    }

    private static Row measure(int targetNodes, boolean javac, int runs) {
        int statements = Math.max(60, targetNodes / 7);
        SourceFile source = new SourceFile("large.grad", program(statements));
        double fe = Double.MAX_VALUE;
        double de = Double.MAX_VALUE;
        double em = Double.MAX_VALUE;
        double jc = Double.NaN;
        int nodes = 0;
        int gradNodes = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            ModuleIr m = Gradc.frontEnd(source, null, new Diagnostics());
            long t1 = System.nanoTime();
            FunctionIr f = m.function("f");
            nodes = f.graph().totalSize();
            Derivatives.value(f);
            gradNodes = Derivatives.gradient(f, List.of("x")).totalSize();
            long t2 = System.nanoTime();
            EmittedModule e = JavaEmitter.emit(m);
            long t3 = System.nanoTime();
            fe = Math.min(fe, (t1 - t0) / 1e9);
            de = Math.min(de, (t2 - t1) / 1e9);
            em = Math.min(em, (t3 - t2) / 1e9);
            if (javac && r == 0) {
                long t4 = System.nanoTime();
                CompiledModule.load(e);
                jc = (System.nanoTime() - t4) / 1e9;
            }
        }
        return new Row(targetNodes, nodes, gradNodes, fe, de, em, jc);
    }

    private static void print(List<Row> rows, boolean javac) {
        StringBuilder out = new StringBuilder();
        out.append("| program | IR nodes | gradient graph nodes | front end | (of which) derivatives + optimiser | "
                + "derivatives + optimiser + emit | total | per 1k nodes |" + (javac ? " javac |" : "") + "\n");
        out.append("|---|---|---|---|---|---|---|---|" + (javac ? "---|" : "") + "\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| ~%,d nodes | %,d | %,d | %.3f s | %.3f s | %.3f s | %.3f s | %.1f ms |",
                    r.target(), r.nodes(), r.gradientNodes(), r.frontEnd(), r.derive(), r.emit(), r.total(),
                    1000 * r.total() / (r.nodes() / 1000.0)));
            if (javac) {
                out.append(String.format(Locale.ROOT, " %.2f s |", r.javac()));
            }
            out.append('\n');
        }
        Row big = null;
        Row mid = null;
        for (Row r : rows) {
            if (r.target() == 100_000) {
                big = r;
            } else if (r.target() == 10_000) {
                mid = r;
            }
        }
        if (big != null && mid != null) {
            double growth = big.total() / mid.total();
            double nodes = (double) big.nodes() / mid.nodes();
            out.append(String.format(Locale.ROOT, "%n100k / 10k: %.1f× the time for %.1f× the nodes (linear: ≤ 15×) %s; "
                    + "100k nodes in %.2f s (target < 10 s) %s%n", growth, nodes, growth <= 15 ? "✓" : "✗",
                    big.total(), big.total() < 10 ? "✓" : "✗"));
        }
        System.out.print(out);
    }
}
