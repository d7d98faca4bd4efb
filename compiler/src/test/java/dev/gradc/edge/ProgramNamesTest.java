package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.Diagnostic;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Names in a program cannot break the generated Java: every Java keyword and literal, the names of generated
 * helpers and a function named like its module compile, load and compute what the interpreter computes; names the
 * grammar does not allow (gradc keywords, non-ASCII letters) are clean, positioned diagnostics.
 */
class ProgramNamesTest {

    /** Java's reserved words and names generated code uses; not {@code true} and {@code false}, gradc's literals. */
    static final List<String> JAVA_WORDS = List.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "enum", "extends", "final", "finally",
            "float", "goto", "implements", "import", "instanceof", "interface", "long", "native", "new", "package",
            "private", "protected", "public", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "null", "var", "record",
            "yield", "sealed", "permits", "non_sealed", "_x", "String", "Object", "Math", "System", "Double",
            "Override", "java", "dev", "MathOps", "Checks");

    static final List<String> GENERATED = List.of("maxIterations", "setMaxIterations", "t0", "t1", "xBar", "xDot",
            "seed", "value", "Grad", "Vjp", "F", "result", "i", "n", "out", "getClass", "hashCode", "toString",
            "wait", "clone", "finalize", "$");

    private static List<String> errors(String text) {
        return Programs.diagnose(text).sorted().stream().map(Diagnostic::toString).toList();
    }

    /** f(w1..wn) = Σ k·wk, each wk also bound to a local named like the next word; value and gradient per engine. */
    private static void compilesAndAgrees(String module, List<String> names) {
        StringBuilder params = new StringBuilder();
        StringBuilder body = new StringBuilder();
        List<String> usable = names.stream().filter(n -> n.matches("[A-Za-z_][A-Za-z0-9_]*")).toList();
        for (int k = 0; k < usable.size(); k++) {
            params.append(k == 0 ? "" : ", ").append(usable.get(k)).append(": real");
        }
        body.append("  acc = 0.0;\n");
        for (int k = 0; k < usable.size(); k++) {
            body.append("  acc = acc + ").append(k + 1).append(" * ").append(usable.get(k)).append(";\n");
        }
        String text = "module " + module + ";\nfn f(" + params + ") -> real {\n" + body + "  return acc;\n}\n";
        ModuleIr m = Programs.compile(new SourceFile("names.grad", text));
        FunctionIr f = m.function("f");
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f",
                new Request(Request.Kind.GRAD, f.realParams())));
        Object[] args = new Object[usable.size()];
        Object[] nd = new Object[usable.size()];
        for (int k = 0; k < args.length; k++) {
            args[k] = 0.5 * k;
            nd[k] = NDArray.scalar(0.5 * k);
        }
        Runs.Result ref = Runs.interpreter(f, Map.of(), nd, 1_000);
        CompiledModule.Result g = c.grad("f", args);
        assertEquals(ref.value().item(), (Double) g.value(), 1e-12);
        for (int k = 0; k < usable.size(); k++) {
            assertEquals(k + 1.0, (Double) g.parts().get(usable.get(k)), 0.0, usable.get(k));
        }
    }

    @Test
    void javaKeywordsAsParameterNamesCompileAndLoad() {
        compilesAndAgrees("edge.Keywords", JAVA_WORDS);
    }

    @Test
    void generatedHelperNamesAsParameterNamesCompileAndLoad() {
        compilesAndAgrees("edge.Helpers", GENERATED.stream().filter(n -> !n.equals("$")).toList());
    }

    @Test
    void javaKeywordsAsFunctionAndLocalNamesCompileAndLoad() {
        List<String> fns = new ArrayList<>();
        StringBuilder text = new StringBuilder("module edge.Functions;\n");
        String previous = null;
        for (String w : JAVA_WORDS) {
            text.append("fn ").append(w).append("(x: real) -> real {\n  ").append(w).append(" = x * 2;\n  return ")
                    .append(previous == null ? w : previous + "(" + w + ")").append(";\n}\n");
            previous = w;
            fns.add(w);
        }
        ModuleIr m = Programs.compile(new SourceFile("fns.grad", text.toString()));
        CompiledModule c = CompiledModule.load(m);
        for (int k = 0; k < fns.size(); k++) {
            assertEquals(Math.pow(2, k + 1), (Double) c.value(fns.get(k), 1.0), 0.0, fns.get(k));
        }
    }

    @Test
    void functionNamedLikeItsModuleAndItsHelpersCompilesAndLoads() {
        ModuleIr m = Programs.compile(new SourceFile("clash.grad", "module edge.Clash;\n"
                + "fn Clash(x: real) -> real { return x * 3; }\n"
                + "fn clash(x: real) -> real { return Clash(x) + 1; }\n"
                + "fn setMaxIterations(x: real) -> real { return clash(x); }\n"
                + "fn ClashGrad(x: real) -> real { return setMaxIterations(x) * 2; }\n"
                + "fn F(x: real) -> real { return ClashGrad(x); }\n"));
        CompiledModule c = CompiledModule.load(m);
        assertEquals(8.0, (Double) c.value("F", 1.0), 0.0);
        assertEquals(3.0, (Double) c.grad("Clash", 1.0).parts().get("x"), 0.0);
        c.setMaxIterations(10);
    }

    @Test
    void moduleNamedLikeJavaLangClassesCompilesAndLoads() {
        for (String name : List.of("Math", "String", "Object", "System", "Double", "Record", "Override")) {
            ModuleIr m = Programs.compile(new SourceFile("j.grad", "module edge." + name + ";\n"
                    + "fn f(x: real) -> real { return exp(x) + sqrt(x); }\n"));
            assertEquals(Math.exp(1) + 1, (Double) CompiledModule.load(m).value("f", 1.0), 1e-12, name);
        }
    }

    @Test
    void gradcKeywordsAsNamesAreSyntaxErrors() {
        for (String w : List.of("while", "for", "if", "else", "return", "fn", "module", "in")) {
            List<String> e = errors("fn f(" + w + ": real) -> real { return 1; }");
            assertFalse(e.isEmpty(), w);
            assertTrue(e.get(0).startsWith("bad.grad:1:6: error: unexpected '" + w + "'"), e.toString());
        }
    }

    @Test
    void nonAsciiLetterInANameIsOneCleanDiagnostic() {
        // the character is dropped from the token stream, so the parser then reports what is left as it stands
        assertEquals("bad.grad:1:6: error: unexpected character 'é'", errors("fn f(é: real) -> real { return 1; }").get(0));
    }

    @Test
    void nonAsciiLettersInsideANameAreOneDiagnostic() {
        List<String> e = errors("fn f(x: real) -> real {\n  größe = x;\n  return x;\n}");
        assertEquals("bad.grad:2:5: error: unexpected character 'ö'", e.get(0), e.toString());
    }

    @Test
    void supplementaryCharacterIsOneDiagnostic() {
        List<String> e = errors("fn f(x: real) -> real { return x * 𝑥; }");
        assertEquals(1, e.stream().filter(s -> s.contains("unexpected character")).count(), e.toString());
        assertTrue(e.get(0).startsWith("bad.grad:1:36: error: unexpected character '𝑥'"), e.toString());
    }

    @Test
    void dollarAndUnicodeEscapesAreNotNames() {
        assertTrue(errors("fn f($x: real) -> real { return $x; }").get(0).contains("unexpected character '$'"));
        assertTrue(errors("fn f(x: real) -> real { return \\u0078; }").get(0).contains("unexpected character '\\'"));
    }

    /**
     * Int arrays named like the parameters of the lambdas the generated code once passed to its int array operators
     * ({@code (p, q) -> p - q}: a program's {@code p} made the class fail to compile), through every int operator and
     * comparison, in a loop too: the class compiles, and every engine gives the central differences' gradient.
     */
    @Test
    void intArraysNamedLikeOperatorParametersCompile() {
        String text = """
            fn f(x: real[16], y: real, n: int) -> real {
              p = range(16);
              q = 15 - p;
              a = p * 1 + q - q;
              b = 0 * p + p;
              z = x[q] * y + x[a] * x[b];
              w = where(p < q, z, x) + where(p <= q, x, z) + where(p > q, z, x) + where(p >= a, x, z)
                + where(p == q, z, x) + where(p != b, x, z);
              for t in 0..n {
                w = w[p] * 0.9 + y * 0.1 * w;
                p = 15 - p * 1;
              }
              return sum(w * w);
            }
            """;
        for (int n : new int[] {0, 1, 3}) {
            Engines.sameValueAndCentralDifferences(text, Engines.X16, 0.7, n);
        }
    }
}
