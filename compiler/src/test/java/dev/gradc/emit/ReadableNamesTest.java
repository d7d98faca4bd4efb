package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Generated names a person would write: {@code W1Bar} for a parameter's adjoint, a recomputed forward value
 * under its forward name, {@code s2_1} (never {@code s22}) after {@code s2}, and loop names free again
 * after their loop.
 */
class ReadableNamesTest {

    @Test
    void aNameEndingInADigitGetsASeparatorBeforeItsNumber() {
        Names names = new Names(Set.of());
        assertEquals("s2", names.newName("s2"));
        assertEquals("s2_1", names.newName("s2"));
        assertEquals("s2_2", names.newName("s2"));
        assertEquals("s", names.newName("s"));
        assertEquals("s3", names.newName("s"));
        assertEquals("t0", names.temp());
        assertEquals("t0_1", names.newName("t0"));
    }

    @Test
    void aLoopScopeFreesItsNamesButNotTheMethodsNames() {
        Names names = new Names(Set.of());
        String i = names.openLoop();
        assertEquals("i", i);
        assertEquals("j", names.openLoop());
        assertEquals("x", names.newName("x")); // a name of the method, declared while the loops are open
        names.closeLoop("j");
        names.closeLoop(i);
        assertEquals("i", names.openLoop());
        assertEquals("x2", names.newName("x"));
        assertEquals("i2", names.newName("i")); // i is open: a method name may not take it
        names.closeLoop("i");
    }

    @Test
    void aScopeClosedBeforeOneOpenedInsideItLeavesThatOneOpen() {
        Names names = new Names(Set.of());
        String row = names.openLoop();
        String hoisted = names.openLocal("v");
        names.closeLoop(row);
        assertEquals("i", names.openLoop()); // free again
        assertEquals("v2", names.openLocal("v")); // v is still open
        names.closeLoop(hoisted);
        assertEquals("v", names.openLocal("v"));
    }

    @Test
    void adjointsOfParametersAndRecomputedValuesHaveTheNamesOfTheirValues() {
        String java = CompiledModule.load(Programs.compile("""
                module nm.Loop;
                @grad
                fn f(x: real[2], w: real[2]) -> real {
                  s = x;
                  i = 0;
                  while (i < 3) {
                    inner = tanh(s * w);
                    s = inner * s + w;
                    i = i + 1;
                  }
                  return sum(s);
                }
                @grad
                fn g(W1: real[2], b: real) -> real { return sum(tanh(W1 * b)); }
                """)).emitted().source();
        assertTrue(java.contains("double[] wBar = new double[2];"), java); // accumulated over the adjoint loop
        assertTrue(java.contains("double[] inner = innerBuffer;"), java); // recomputed, under its own name
        assertFalse(java.contains("innerBar"), java); // inner's adjoint is never a local of its own here
        assertTrue(java.contains("return new G.Grad(") && java.contains("W1Bar"), java);
    }
}
