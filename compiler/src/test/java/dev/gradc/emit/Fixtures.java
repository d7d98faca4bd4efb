package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gradc.diag.SourceFile;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/** Programs and arguments for the emitter's tests, and the comparison of compiled values with the interpreter's. */
final class Fixtures {

    private Fixtures() {
    }

    /** The seed examples, by file name. */
    static List<String> seedFiles() {
        try (Stream<Path> s = Files.list(Programs.examples().resolve("seed"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".grad")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModuleIr seed(String file) {
        return Programs.compile(Programs.example(file));
    }

    /** More programs: matrices, size names, loops with arrays, broadcasting, reductions, where, cond. */
    static ModuleIr extra() {
        return Programs.compile(new SourceFile("extra.grad", """
                module demo.Extra;
                fn mlp<B>(x: real[B,3], W: real[3,2], b: real[2]) -> real {
                  h = tanh(x @ W + b);
                  return mean(logsumexp(h, 1)) + sum(softmax(h, 1) * h);
                }
                fn loop(W: real[2,2], h0: real[2]) -> real {
                  h = h0;
                  for i in 0..5 {
                    h = sigmoid(W @ h) + relu(h) * 0.5;
                    if (sum(h) > 1) { h = h / sum(h); } else { h = h * 2; }
                  }
                  return norm(h) + maxval(h);
                }
                fn mixed(a: real[2,3], v: real[3], s: real) -> real[2,3] {
                  m = transpose(transpose(a)) * v + s;
                  return where(m > 0, m, exp(m)) + [[1, 2, 3], [4, 5, 6]] * a[1, 2] + pow(abs(a), 1.5);
                }
                fn products(x: real[6,5], W: real[5,17], V: real[17,3], u: real[5], M: real[7,5]) -> real {
                  h = tanh(x @ W);
                  z = h @ V;
                  a = M @ u;
                  c = u @ W;
                  e = u @ transpose(M);
                  return sum(z) + sum(a * a) + sum(c * c) + sum(e * e) + sum(transpose(x) @ h);
                }
                fn accumulate(x: real[4], W: real[4,4]) -> real {
                  z = x * 2;
                  h = z;
                  g = x * 3;
                  for i in 0..3 {
                    h = h + W @ x;
                    g = g * 1.5 + h + sin(g);
                  }
                  return sum(h) + sum(z) + sum(g);
                }
                fn recurrent<N>(W: real[N,N], h0: real[N], x: real[N]) -> real {
                  h = h0;
                  for i in 0..N {
                    h = tanh(W @ h + x);
                  }
                  return sum(h * h);
                }
                fn recurrentSix(W: real[6,6], h0: real[6], x: real[6]) -> real {
                  h = h0;
                  for i in 0..4 {
                    h = tanh(W @ h + x) * 0.9;
                  }
                  return sum(h * x);
                }
                fn recurrentWhile(W: real[3,3], U: real[3,2], h0: real[3]) -> real {
                  h = h0;
                  s = 0;
                  while (s < 3) {
                    h = tanh(W @ h) + U @ [0.5, -1];
                    s = s + 1 + abs(sum(h)) / 10;
                  }
                  return sum(h) + sum(W * W);
                }
                fn counted(W: real[2,2], h0: real[2]) -> real {
                  h = h0;
                  for i in 3..1 {
                    h = W @ h;
                  }
                  for i in 1..4 {
                    h = sin(W @ h) + h;
                  }
                  return sum(h);
                }
                fn layers<B>(x: real[B,20], W: real[20,18], V: real[18,3], c: real[18]) -> real {
                  h = sigmoid(x @ W + c) * 2 - 1;
                  z = h @ V;
                  return sum(z * z) + sum(transpose(h) @ z) + sum(exp(x @ W) * 0.01);
                }
                fn aliasing(v: real[3], M: real[3,3]) -> real {
                  h = v;
                  g = v * 0;
                  for i in 0..3 {
                    t = h * 2;
                    u = M @ t;
                    if (sum(t) > 0) { g = t; } else { g = g + u; }
                    h = sin(h) + u * 0.1;
                  }
                  return sum(g) + sum(h);
                }
                fn crossed(v: real[3], M: real[3,3]) -> real {
                  a = v;
                  b = v * 2;
                  p = v + 1;
                  q = v - 1;
                  for i in 0..5 {
                    n = tanh(M @ b) + a * 0.5;
                    b = sin(a) * 0.5 + n * 0.25;
                    a = n;
                    t = p;
                    p = q * 0.9 + a;
                    q = t;
                  }
                  return sum(a * b) + sum(p) + sum(q * q);
                }
                fn rows(a: real[3,2]) -> real[2] {
                  return a[1] * a[2, 0] + sum(a, 0) / mean(a) - min(a[0], a[1]) + max(a[0], 2);
                }
                """));
    }

    /** Random arguments for f: sizes bound to 2 (first) and 3, reals in [0.3, 1.5) with random signs. */
    static Object[] javaArgs(FunctionIr f, long seed) {
        Random r = new Random(seed);
        List<Object> out = new ArrayList<>();
        Map<String, Integer> sizes = sizes(f);
        out.addAll(sizes.values());
        for (FunctionIr.ParamInfo p : f.params()) {
            out.add(random(p.type(), sizes, r));
        }
        return out.toArray();
    }

    static Object random(Type t, Map<String, Integer> sizes, Random r) {
        if (t instanceof Type.Real real) {
            int n = 1;
            for (int d : real.shape().resolve(sizes)) {
                n *= d;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = (0.3 + 1.2 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
            }
            return real.isScalar() ? (Object) v[0] : v;
        }
        if (t instanceof Type.Int) {
            return 1 + r.nextInt(2);
        }
        return r.nextBoolean();
    }

    static Map<String, Integer> sizes(FunctionIr f) {
        Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        for (String s : f.sizes()) {
            sizes.put(s, sizes.isEmpty() ? 2 : 3);
        }
        return sizes;
    }

    /** The interpreter's form of Java arguments (sizes dropped). */
    static Object[] interpreterArgs(FunctionIr f, Object[] java, List<Type> types) {
        Map<String, Integer> sizes = sizes(f);
        Object[] out = new Object[types.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInterpreter(java[i + sizes.size()], types.get(i), sizes);
        }
        return out;
    }

    static Object toInterpreter(Object v, Type t, Map<String, Integer> sizes) {
        if (v instanceof Double d) {
            return NDArray.scalar(d);
        }
        if (v instanceof double[] a) {
            return new NDArray(a.clone(), ((Type.Real) t).shape().resolve(sizes));
        }
        return v;
    }

    /** Asserts a compiled value equals the interpreter's within 1e-12 relative (NaN equals NaN). */
    static void assertClose(Object interpreted, Object compiled, String what) {
        double[] want = interpreted instanceof NDArray a ? a.data() : new double[] {((Number) interpreted).doubleValue()};
        double[] got;
        if (compiled instanceof double[] a) {
            got = a;
        } else if (compiled instanceof double[][] rows) {
            got = Stream.of(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
        } else if (compiled instanceof Number n) {
            got = new double[] {n.doubleValue()};
        } else {
            fail(what + ": unexpected " + compiled);
            return;
        }
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            assertTrue(close(want[i], got[i]), what + "[" + i + "]: interpreter " + want[i] + ", compiled " + got[i]);
        }
    }

    static boolean close(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        return a == b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
    }
}
