package usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.Gradc;
import dev.gradc.engine.CompiledModule;
import org.junit.jupiter.api.Test;

/** The README's Java-API snippet works as shown. */
class JavaApiTest {

    @Test
    void compiledInMemoryGradientMatchesTheFormula() {
        CompiledModule model = Gradc.compile("""
                module demo.Model;
                @grad
                fn f(x: real, w: real[3]) -> real {
                  return sin(x) * sum(w * w);
                }
                """);
        CompiledModule.Result r = model.grad("f", 0.5, new double[] {1, 2, 3});
        double s = Math.sin(0.5);
        assertEquals(s * 14, (Double) r.value(), 1e-15);
        assertEquals(Math.cos(0.5) * 14, (Double) r.parts().get("x"), 1e-14);
        assertArrayEquals(new double[] {2 * s, 4 * s, 6 * s}, (double[]) r.parts().get("w"), 1e-15);
        assertEquals("demo.Model", model.type().getName());
    }
}
