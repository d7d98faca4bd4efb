package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.lower.ModuleIr;
import dev.gradc.passes.DerivativeSize;
import dev.gradc.testing.Programs;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Which temporaries hold an adjoint ({@link AdjointValues}) is known per emission: the answers belong to the
 * emission's {@link GraphMethod.ClassContext}, not to a static (thread-local) cache cleared around {@link
 * JavaEmitter#emit}, so nothing of one emission, finished or thrown out of, reaches the next. On the old code the
 * first test fails (a static {@code ThreadLocal} field); the second passed there too (the cache was cleared in a
 * {@code finally}) and keeps the property.
 */
class AdjointValuesStateTest {

    @Test
    void theAnswersAreNoGlobalState() {
        var fields = AdjointValues.class.getDeclaredFields();
        assertTrue(Arrays.stream(fields).noneMatch(f -> Modifier.isStatic(f.getModifiers())), Arrays.toString(fields));
    }

    private static ModuleIr program(String path) throws java.io.IOException {
        return Programs.compile(SourceFile.read(Programs.examples().resolve(path)));
    }

    @Test
    void anEmissionAfterOneThatThrewWritesWhatAFreshThreadWrites() throws Exception {
        ModuleIr determinant = program("programs/determinant.grad");
        ModuleIr lstm = program("programs/lstm.grad");
        AtomicReference<String> fresh = new AtomicReference<>();
        Thread t = new Thread(() -> fresh.set(JavaEmitter.emit(determinant).source()));
        t.start();
        t.join();
        JavaEmitter.emit(lstm); // answers for other graphs, of a finished emission
        String before = System.getProperty("gradc.maxModuleCode");
        System.setProperty("gradc.maxModuleCode", "10");
        try {
            assertThrows(DerivativeSize.TooLarge.class, () -> JavaEmitter.emit(lstm));
        } finally {
            if (before == null) {
                System.clearProperty("gradc.maxModuleCode");
            } else {
                System.setProperty("gradc.maxModuleCode", before);
            }
        }
        assertEquals(fresh.get(), JavaEmitter.emit(determinant).source());
    }
}
