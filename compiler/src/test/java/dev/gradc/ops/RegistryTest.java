package dev.gradc.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.engine.TapeEngine;
import dev.gradc.ir.Shape;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One test per {@link Registry} entry, so that every op, including ops added later, is checked the same way:
 * on random argument shapes (broadcasting included) and values in the entry's domain, the value in the
 * compiled and tape engines against the interpreter's; the vector-Jacobian product (interpreter, compiled,
 * tape) and the Jacobian-vector product (interpreter, compiled) against central differences of the
 * interpreter's value; the adjoint identity ⟨ȳ, J ẋ⟩ = ⟨Jᵀ ȳ, ẋ⟩; and the entry's documented kinks in every
 * engine. A failure names the entry and the call; an op without a derivative rule fails with its name.
 */
class RegistryTest {

    private static final double H = 1e-6;

    @TestFactory
    Stream<DynamicTest> everyEntryInEveryEngine() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Builtin entry : Registry.all()) {
            // an entry of sizes alone (eye) has no real argument to differentiate: EyeTest checks it in every engine
            if (entry.kind() != Builtin.Kind.FORM && !entry.takesSizes()) {
                tests.add(DynamicTest.dynamicTest(entry.name(), () -> check(entry)));
            }
        }
        return tests.stream();
    }

    @org.junit.jupiter.api.Test
    void everyKindOfIndexedUpdateIsAnEntryWithSeveralShapes() {
        List<Builtin> updates = Registry.all().stream().filter(b -> b.kind() == Builtin.Kind.SUBSCRIPT).toList();
        for (String op : List.of("] = e", "] += e", "] -= e", "] *= e")) {
            assertFalse(updates.stream().noneMatch(b -> b.name().endsWith(op)), "no update entry ending " + op);
        }
        for (Builtin b : updates) {
            assertFalse(RegistryCases.of(b).size() < 2, b.name() + ": " + RegistryCases.of(b));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyKinkInEveryEngine() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Builtin entry : Registry.all()) {
            for (Builtin.Kink k : entry.kinks()) {
                tests.add(DynamicTest.dynamicTest(entry.name() + " at " + java.util.Arrays.toString(k.at()),
                        () -> RegistryKinks.check(entry, k)));
            }
        }
        return tests.stream();
    }

    private static void check(Builtin entry) {
        List<RegistryCases.Case> cases = RegistryCases.of(entry);
        assertFalse(cases.isEmpty(), "registry entry '" + entry.name() + "': its lowering accepts no argument shapes");
        StringBuilder text = new StringBuilder("module reg.Entry;\n");
        for (int i = 0; i < cases.size(); i++) {
            text.append(cases.get(i).function("f" + i));
        }
        SourceFile source = new SourceFile("registry.grad", text.toString());
        try {
            ModuleIr m = Programs.compile(source);
            CompiledModule compiled = CompiledModule.load(m);
            Random random = new Random(entry.name().hashCode());
            for (int i = 0; i < cases.size(); i++) {
                new Run(entry, cases.get(i), m.function("f" + i), source, compiled, random).check();
            }
        } catch (RuntimeException e) {
            // e.g. an op without a reverse- or forward-mode rule ("softplus has no reverse-mode rule")
            fail("registry entry '" + entry.name() + "': " + e, e);
        }
    }

    /** One case: arguments, a seed ȳ and tangents ẋ, and every engine's answers. */
    private static final class Run {
        private final Builtin entry;
        private final RegistryCases.Case c;
        private final FunctionIr f;
        private final SourceFile source;
        private final CompiledModule compiled;
        private final List<double[]> x = new ArrayList<>();
        private final List<double[]> dx = new ArrayList<>();
        private final double[] seed;

        Run(Builtin entry, RegistryCases.Case c, FunctionIr f, SourceFile source, CompiledModule compiled, Random r) {
            this.entry = entry;
            this.c = c;
            this.f = f;
            this.source = source;
            this.compiled = compiled;
            for (Shape s : c.shapes()) {
                x.add(RegistryCases.sample(entry.domain(), s, r));
                dx.add(RegistryCases.sample(Builtin.Domain.REALS, s, r));
            }
            seed = RegistryCases.sample(Builtin.Domain.REALS, ((dev.gradc.ir.Type.Real) c.out()).shape(), r);
        }

        void check() {
            double[] value = interpreterValue(x);
            close("compiled value", value, flat(compiled.value(f.name(), javaArgs(x).toArray())), 1e-12);
            Object[] tape = tape();
            close("tape value", value, (double[]) tape[0], 1e-12);
            List<double[]> vjp = interpreterVjp();
            List<double[]> compiledVjp = compiledVjp();
            double[] jvp = interpreterJvp();
            close("compiled jvp", jvp, compiledJvp(), 1e-12);
            for (int k = 0; k < x.size(); k++) {
                double[] truth = centralVjp(k);
                close("vjp (interpreter) of p" + k, truth, vjp.get(k), 1e-5);
                close("vjp (compiled) of p" + k, truth, compiledVjp.get(k), 1e-5);
                close("vjp (tape) of p" + k, truth, (double[]) tape[1 + k], 1e-5);
            }
            close("jvp (interpreter)", centralJvp(), jvp, 1e-5);
            double left = dot(seed, jvp);
            double right = 0;
            for (int k = 0; k < x.size(); k++) {
                right += dot(vjp.get(k), dx.get(k));
            }
            close("adjoint identity <seed, J dx> = <J^T seed, dx>", new double[] {left}, new double[] {right}, 1e-10);
        }

        private double[] interpreterValue(List<double[]> at) {
            Object[] out = interpreter().run(f.graph(), ndArgs(at).toArray());
            return ((NDArray) out[0]).data();
        }

        private List<double[]> interpreterVjp() {
            List<Object> args = ndArgs(x);
            args.add(nd(seed, c.out()));
            Object[] out = interpreter().run(Derivatives.vjp(f, f.realParams()), args.toArray());
            List<double[]> parts = new ArrayList<>();
            for (int k = 0; k < x.size(); k++) {
                parts.add(spread(((NDArray) out[1 + k]).data(), x.get(k).length));
            }
            return parts;
        }

        private double[] interpreterJvp() {
            List<Object> args = ndArgs(x);
            args.addAll(ndArgs(dx));
            return ((NDArray) interpreter().run(Derivatives.jvp(f, f.realParams()), args.toArray())[1]).data();
        }

        private List<double[]> compiledVjp() {
            List<Object> args = javaArgs(x);
            args.add(seed.length == 1 && ((dev.gradc.ir.Type.Real) c.out()).isScalar() ? (Object) seed[0] : seed);
            CompiledModule.Result r = compiled.vjp(f.name(), args.toArray());
            List<double[]> parts = new ArrayList<>();
            for (int k = 0; k < x.size(); k++) {
                parts.add(spread(flat(r.parts().get("p" + k)), x.get(k).length));
            }
            return parts;
        }

        private double[] compiledJvp() {
            List<Object> args = javaArgs(x);
            args.addAll(javaArgs(dx));
            return flat(compiled.jvp(f.name(), args.toArray()).parts().get("tangent"));
        }

        /** The tape's value, then its vector-Jacobian product with the seed, one array per parameter. */
        private Object[] tape() {
            List<Object> in = new ArrayList<>();
            for (int k = 0; k < x.size(); k++) {
                in.add(Tensor.of(x.get(k).clone(), dims(c.shapes().get(k))).requiresGrad());
            }
            var module = Parser.parse(source, new Diagnostics());
            Tensor out = (Tensor) new TapeEngine(module, source.baseName(), 1000).call(f.name(), Map.of(), in);
            Object[] result = new Object[1 + x.size()];
            result[0] = out.data().clone();
            if (out.needsGrad()) {
                out.backward(Tensor.of(seed.clone(), out.shape()));
            }
            for (int k = 0; k < x.size(); k++) {
                Tensor g = ((Tensor) in.get(k)).grad();
                result[1 + k] = g == null ? new double[x.get(k).length] : spread(g.data(), x.get(k).length);
            }
            return result;
        }

        /** ⟨ȳ, ∂f/∂p_k⟩ by central differences of the interpreter's value, one element of p_k at a time. */
        private double[] centralVjp(int k) {
            double[] d = new double[x.get(k).length];
            if (entry.domain() == Builtin.Domain.NO_DERIVATIVE) {
                return d;
            }
            for (int i = 0; i < d.length; i++) {
                d[i] = (dot(seed, shifted(k, i, H)) - dot(seed, shifted(k, i, -H))) / (2 * H);
            }
            return d;
        }

        private double[] shifted(int k, int i, double h) {
            List<double[]> at = new ArrayList<>(x);
            double[] p = x.get(k).clone();
            p[i] += h;
            at.set(k, p);
            return interpreterValue(at);
        }

        private double[] centralJvp() {
            double[] plus = interpreterValue(along(H));
            double[] minus = interpreterValue(along(-H));
            double[] d = new double[plus.length];
            for (int i = 0; i < d.length && entry.domain() != Builtin.Domain.NO_DERIVATIVE; i++) {
                d[i] = (plus[i] - minus[i]) / (2 * H);
            }
            return d;
        }

        private List<double[]> along(double h) {
            List<double[]> at = new ArrayList<>();
            for (int k = 0; k < x.size(); k++) {
                double[] p = x.get(k).clone();
                for (int i = 0; i < p.length; i++) {
                    p[i] += h * dx.get(k)[i];
                }
                at.add(p);
            }
            return at;
        }

        private List<Object> ndArgs(List<double[]> values) {
            List<Object> args = new ArrayList<>();
            for (int k = 0; k < values.size(); k++) {
                args.add(new NDArray(values.get(k).clone(), dims(c.shapes().get(k))));
            }
            return args;
        }

        private List<Object> javaArgs(List<double[]> values) {
            List<Object> args = new ArrayList<>();
            for (int k = 0; k < values.size(); k++) {
                args.add(c.shapes().get(k).isScalar() ? (Object) values.get(k)[0] : values.get(k).clone());
            }
            return args;
        }

        private void close(String what, double[] expected, double[] actual, double tolerance) {
            String where = "registry entry '" + entry.name() + "', " + c + ": " + what;
            assertEquals(expected.length, actual.length, where + ": length");
            for (int i = 0; i < expected.length; i++) {
                double e = expected[i];
                double a = actual[i];
                if (!(Math.abs(e - a) <= tolerance * (1 + Math.abs(e)))) {
                    fail(where + " differs at " + i + ": expected " + e + ", got " + a);
                }
            }
        }
    }

    static Interpreter interpreter() {
        return new Interpreter(new EvalContext(Map.of()), Interpreter.DEFAULT_MAX_ITERATIONS);
    }

    static int[] dims(Shape s) {
        int[] d = new int[s.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((dev.gradc.ir.Dim.Fixed) s.dim(i)).value();
        }
        return d;
    }

    private static NDArray nd(double[] v, dev.gradc.ir.Type t) {
        return new NDArray(v.clone(), dims(((dev.gradc.ir.Type.Real) t).shape()));
    }

    static double[] flat(Object o) {
        return o instanceof double[] a ? a : new double[] {((Number) o).doubleValue()};
    }

    /** An adjoint that is one number for a parameter of n elements (a broadcast zero) as n of them. */
    static double[] spread(double[] a, int n) {
        if (a.length == n) {
            return a;
        }
        double[] out = new double[n];
        java.util.Arrays.fill(out, a[0]);
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
