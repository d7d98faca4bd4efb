package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** Generated code checks affine dimensions ({@code 2*N+1}, {@code N-1}) against the sizes it is called with. */
class AffineLengthChecksTest {

    private static Method valueMethod(String program) throws Exception {
        CompiledModule m = CompiledModule.load(Programs.compile(program));
        return m.type().getMethod("f", int.class, double[].class);
    }

    private static Throwable failure(Method f, Object... args) {
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> f.invoke(null, args));
        return e.getCause();
    }

    @Test
    void anAffineLengthIsComputedFromTheSize() throws Exception {
        Method f = valueMethod("fn f<N>(x: real[2*N+1]) -> real { return sum(x) * N; }");
        assertEquals(30.0, (double) f.invoke(null, 2, new double[] {1, 2, 3, 4, 5}));
    }

    @Test
    void aWrongLengthNamesTheParameterTheShapeAndTheSize() throws Exception {
        Method f = valueMethod("fn f<N>(x: real[2*N+1]) -> real { return sum(x); }");
        Throwable e = failure(f, 2, new double[4]);
        assertEquals(IllegalArgumentException.class, e.getClass());
        assertEquals("parameter 'x' has length 4, expected 5 (shape [2*N+1] with N=2)", e.getMessage());
    }

    @Test
    void aNegativeDimensionIsReportedBeforeItIsUsedAsALength() throws Exception {
        Method f = valueMethod("fn f<N>(x: real[N-1]) -> real { return sum(x); }");
        Throwable e = failure(f, 0, new double[0]);
        assertEquals("dimension 'N-1' is -1 with N=0; it must be >= 0", e.getMessage());
    }

    @Test
    void anOverflowingDimensionIsReportedInsteadOfWrappingAround() throws Exception {
        Method f = valueMethod("fn f<N>(x: real[4*N]) -> real { return sum(x); }");
        Throwable e = failure(f, 1 << 30, new double[0]);
        assertEquals("dimension '4*N' is 4294967296 with N=1073741824; it does not fit in a Java array",
                e.getMessage());
    }
}
