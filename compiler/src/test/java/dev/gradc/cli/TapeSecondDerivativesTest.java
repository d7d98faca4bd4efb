package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --hvp} and {@code --hessian} on the tape (reverse over forward) against the compiled engine and against
 * central differences of the compiled gradient, through while loops, branches, custom rules, linear algebra,
 * gathers and reshapes, derivatives inside the program, and checkpointed loops.
 */
class TapeSecondDerivativesTest {

    @TempDir
    Path dir;

    /** A data-dependent while loop, a branch on the loop's result, reductions with kinks away from the point. */
    static final String LOOPS = """
            fn f(x: real[3], s: real) -> real {
              y = x * s;
              k = 0;
              while (norm(y) < 10 && k < 50) {
                y = y * 1.3 + sin(y);
                k = k + 1;
              }
              if (sum(y) > 0) {
                r = sum(y * y) / s + tanh(s) * y[1];
              } else {
                r = sum(exp(y / 10)) * s;
              }
              return r + logsumexp(x) + maxval(x * x) + sqrt(dot(x, x));
            }
            """;

    /** A function with rules inside a loop; softplus's rules are its exact derivatives. */
    static final String RULES = """
            fn soft(x: real) -> real { return log(1 + exp(x)); }
            @vjp_rule(soft, x)
            fn soft_vjp(x: real, y: real, ybar: real) -> real { return ybar * sigmoid(x); }
            @jvp_rule(soft, x)
            fn soft_jvp(x: real, y: real, dx: real) -> real { return dx * sigmoid(x); }
            fn g(a: real, b: real) -> real {
              t = a;
              i = 0;
              while (i < 4) {
                t = soft(t * b) - 0.5;
                i = i + 1;
              }
              if (t > a) { u = t * a; } else { u = t / (1 + a * a); }
              return u + soft(a - b) * b;
            }
            """;

    /** Matrix functions: Cholesky, triangular and general solves, inverse, determinants. */
    static final String MATRICES = """
            fn h(A: real[2, 2], b: real[2]) -> real {
              S = A @ transpose(A) + eye(2);
              L = cholesky(S);
              return logdet(S) + sum(trisolve(L, b) ^ 2) + sum(trisolve(transpose(L), b)) + sum(solve(S, b))
                  + det(S) + trace(inv(S)) + sum(diagonal(tril(S) @ triu(A))) + sum(outer(b, diag(b) @ b));
            }
            """;

    /** Element and row writes in a loop (written in place on the tape when it owns the array). */
    static final String WRITES = """
            fn w(x: real[4], m: real[2, 2]) -> real {
              y = zeros(4);
              for i in 0..3 {
                y[i] = x[i] * x[i + 1];
              }
              y[3] = sin(x[3]);
              m[1] = m[0] * y[0:2];
              m[0, 1] += y[2];
              return sum(y * y) + sum(m @ m);
            }
            """;

    /** Gathers, scatter-adds, slices, columns, concat, stack and reshape, with special functions around them. */
    static final String GATHERS = """
            fn q(x: real[4], m: real[2, 3], idx: int[3]) -> real {
              a = x[idx];
              b = scatter_add(zeros(4), idx, a * lgamma(a + 2));
              c = reshape(m, 3, 2);
              d = concat(x[1:3], c[:, 1], m[1, 0:2]);
              e = stack(x[0:3], m[0], erf(m[1]));
              return sum(b * x) + sum(d * digamma(d * d + 1)) + sum(e @ c) + sum(softplus(c[1]) * log1p(x[2:4] ^ 2));
            }
            """;

    /** Derivatives inside the program: a gradient, a Hessian-vector product and a Jacobian, then differentiated. */
    static final String NESTED = """
            fn inner(x: real[2], w: real) -> real {
              return sum(sin(x * w)) * w + log1p(x[0] * x[0]) * x[1];
            }
            fn vec(x: real[2], w: real) -> real[2] {
              return x * erf(w * x[1]);
            }
            fn outer(x: real[2], w: real) -> real {
              g = grad(inner, x)(x, w);
              h = hvp(inner, x)(x, w, g);
              j = jacobian(vec, x)(x, w);
              return sum(g * g) + dot(h, x) + sum(j @ x) * w;
            }
            """;

    /** A checkpointed while loop with a data-dependent trip count, then a checkpointed for loop. */
    static final String CHECKPOINTED = """
            fn c(x: real[3], s: real) -> real {
              y = x * s;
              k = 0;
              @checkpoint(2)
              while (sum(y * y) < 4 && k < 40) {
                y = y * 1.1 + sin(y) * s * 0.1;
                k = k + 1;
              }
              @checkpoint(3)
              for t in 0..25 { y = y * 0.98 + 0.02 * tanh(y) * s; }
              return sum(y * y * y) / s;
            }
            """;

    private record Case(String name, String text, String fn, List<String> args, List<String> direction) {
    }

    private static final List<Case> CASES = List.of(
            new Case("loops.grad", LOOPS, "f", List.of("x=[0.3,-0.2,0.5]", "s=1.7"),
                    List.of("x=[0.4,1,-0.3]", "s=0.6")),
            new Case("loops.grad", LOOPS, "f", List.of("x=[-0.3,-0.2,-0.5]", "s=1.2"),
                    List.of("x=[1,-1,0.5]", "s=-0.7")),
            new Case("rules.grad", RULES, "g", List.of("a=0.8", "b=1.3"), List.of("a=0.3", "b=-1.1")),
            new Case("rules.grad", RULES, "g", List.of("a=-0.9", "b=0.4"), List.of("a=1", "b=2")),
            new Case("writes.grad", WRITES, "w", List.of("x=[0.3,-1.2,0.8,2]", "m=[[1,-0.5],[0.25,2]]"),
                    List.of("x=[1,0.5,-0.3,0.2]", "m=[[0.1,0.2],[-0.3,1]]")),
            new Case("matrices.grad", MATRICES, "h", List.of("A=[[1.1,0.2],[-0.3,0.9]]", "b=[0.5,-1.5]"),
                    List.of("A=[[0.2,1],[-0.4,0.3]]", "b=[1,0.7]")),
            new Case("gathers.grad", GATHERS, "q", List.of("x=[0.3,-1.2,0.8,2]", "m=[[1,-0.5,0.7],[0.25,2,-1]]",
                    "idx=[2,0,2]"), List.of("x=[1,0.5,-0.3,0.2]", "m=[[0.1,0.2,-1],[-0.3,1,0.4]]")),
            new Case("nested.grad", NESTED, "outer", List.of("x=[0.4,-0.7]", "w=1.3"), List.of("x=[1,-0.5]", "w=0.8")),
            new Case("checkpointed.grad", CHECKPOINTED, "c", List.of("x=[0.3,-0.2,0.5]", "s=1.1"),
                    List.of("x=[0.4,1,-0.3]", "s=0.6")));

    private List<String> call(Case c) {
        List<String> out = new ArrayList<>(List.of(Cli.write(dir, c.name(), c.text()), "--fn", c.fn()));
        c.args().forEach(a -> out.addAll(List.of("--arg", a)));
        return out;
    }

    @Test
    void hessianVectorProductsAgreeWithTheCompiledEngineAndDifferencesOfTheGradient() {
        for (Case c : CASES) {
            List<String> hvp = new ArrayList<>(call(c));
            hvp.add("--hvp");
            hvp.addAll(c.direction());
            double[] got = EngineRuns.agree(hvp, 1e-11);
            int n = (got.length - 1) / 2; // value, the gradient, then H·v
            double[] v = EngineRuns.numbers("[" + String.join(",", c.direction().stream()
                    .map(d -> d.substring(d.indexOf('=') + 1)).toList()) + "]");
            double[] differences = gradientDifference(c, v);
            for (int i = 0; i < n; i++) {
                assertEquals(differences[i], got[1 + n + i], 1e-5 * Math.max(1, Math.abs(got[1 + n + i])),
                        c.name() + " at " + c.args() + ": entry " + i);
            }
        }
    }

    @Test
    void hessiansAgreeWithTheCompiledEngine() {
        for (Case c : CASES) {
            List<String> hessian = new ArrayList<>(call(c));
            hessian.add("--hessian");
            double[] h = EngineRuns.agree(hessian, 1e-11);
            int n = (int) Math.round((Math.sqrt(4.0 * (h.length - 1) + 1) - 1) / 2); // 1 + n + n² numbers
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    double hij = h[1 + n + i * n + j];
                    assertEquals(hij, h[1 + n + j * n + i], 1e-9 * Math.max(1, Math.abs(hij)), "symmetric");
                }
            }
        }
    }

    /** (∇f(x + εv) − ∇f(x − εv)) / 2ε by the compiled engine, ε = 1e-5 (every real parameter moved along v). */
    private double[] gradientDifference(Case c, double[] v) {
        double eps = 1e-5;
        double[] up = gradientAt(c, v, eps);
        double[] down = gradientAt(c, v, -eps);
        double[] d = new double[up.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (up[i] - down[i]) / (2 * eps);
        }
        return d;
    }

    private double[] gradientAt(Case c, double[] v, double eps) {
        List<String> args = new ArrayList<>(List.of("run", Cli.write(dir, c.name(), c.text()), "--fn", c.fn()));
        int k = 0;
        List<String> reals = c.direction().stream().map(d -> d.substring(0, d.indexOf('='))).toList();
        for (String a : c.args()) {
            String name = a.substring(0, a.indexOf('='));
            if (!reals.contains(name)) { // an int argument stays as it is
                args.addAll(List.of("--arg", a));
                continue;
            }
            double[] x = EngineRuns.numbers("[" + a.substring(a.indexOf('=') + 1).replace("[", "").replace("]", "")
                    + "]");
            double[] moved = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                moved[i] = x[i] + eps * v[k++];
            }
            args.addAll(List.of("--arg", name + "=" + shaped(a, moved)));
        }
        args.addAll(List.of("--grad", "--json"));
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r::toString);
        double[] all = EngineRuns.numbers(r.out());
        return java.util.Arrays.copyOfRange(all, 1, all.length);
    }

    /** The moved values written in the shape of the original argument text (a scalar, a vector, a 2×2 matrix). */
    private static String shaped(String original, double[] values) {
        String text = original.substring(original.indexOf('=') + 1);
        if (!text.startsWith("[")) {
            return Double.toString(values[0]);
        }
        List<String> parts = java.util.Arrays.stream(values).mapToObj(Double::toString).toList();
        if (text.startsWith("[[")) {
            int cols = values.length / 2;
            return "[[" + String.join(",", parts.subList(0, cols)) + "],[" + String.join(",", parts.subList(cols,
                    values.length)) + "]]";
        }
        return "[" + String.join(",", parts) + "]";
    }
}
