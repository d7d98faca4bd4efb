package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;

/** Program names that are Java keywords, clash with generated names or are not ASCII still compile. */
class NamesTest {

    private static CompiledModule load(String file, String text) {
        return CompiledModule.load(Programs.compile(new SourceFile(file, text)));
    }

    @Test
    void keywordsAndGeneratedNamesAreMangled() {
        CompiledModule m = load("k.grad", """
                fn hashCode(x: real) -> real { return x * 2; }
                fn class(new: real, value: real, Math: real, seed: real, t0: real, maxIterations: real) -> real {
                  double = new * value + Math;
                  i = seed * t0 - maxIterations;
                  return sin(double) + i * hashCode(i);
                }
                @vjp
                fn this(x: real[2], seed: real) -> real[2] { return x * seed; }
                """);
        CompiledModule.Result g = m.grad("class", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        assertEquals(Math.sin(5) + 14 * 28, (Double) g.value(), 1e-12);
        assertEquals(2 * Math.cos(5), (Double) g.parts().get("new"), 1e-12);
        CompiledModule.Result v = m.vjp("this", new double[] {1, 2}, 3.0, new double[] {1, 1});
        assertEquals(3.0, (Double) v.parts().get("seed"), 1e-12);
    }

    @Test
    void functionNamedLikeItsModuleGetsAMangledHolder() {
        CompiledModule m = load("poly.grad", "module demo.Poly;\nfn poly(x: real) -> real { return x * x; }\n"
                + "fn grad(x: real) -> real { return x; }\nfn polyGrad(x: real) -> real { return 3 * x; }\n");
        EmittedModule.FunctionApi poly = m.emitted().function("poly");
        assertEquals("PolyFn", poly.holder());
        assertEquals("GradFn", m.emitted().function("grad").holder());
        assertEquals(4.0, (Double) m.grad("poly", 2.0).parts().get("x"), 0.0);
        assertEquals(6.0, (Double) m.value("polyGrad", 2.0), 0.0);
        assertTrue(m.emitted().source().contains("public static final class PolyFn"));
    }

    @Test
    void nonAsciiFileNamesBecomeValidClasses() {
        CompiledModule m = load("modèle_été.grad", "fn f(x: real) -> real { return x + 1; }");
        assertEquals("ModèleÉté", m.emitted().className());
        assertNotNull(m.type());
        assertEquals(3.0, (Double) m.value("f", 2.0), 0.0);
    }

    @Test
    void moduleNamedMathStillCallsJavaMath() {
        CompiledModule m = load("m.grad", "module demo.Math;\nfn g(x: real) -> real { return sin(x) + tanh(x); }");
        assertEquals(Math.sin(0.5) + dev.gradc.runtime.MathOps.tanh(0.5), (Double) m.value("g", 0.5), 0.0);
    }
}
