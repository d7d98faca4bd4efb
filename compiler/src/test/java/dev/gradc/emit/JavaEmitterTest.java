package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.testing.Programs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The emitted source of each seed example is the reviewed golden file ({@code src/test/resources/golden},
 * regenerate with {@code -Dgolden.update=true}), compiles with javac, and is the same on every run.
 */
class JavaEmitterTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static java.util.List<String> seeds() {
        return Fixtures.seedFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void matchesGoldenFile(String file) throws IOException {
        EmittedModule e = JavaEmitter.emit(Fixtures.seed(file));
        Path golden = GOLDEN.resolve(e.className() + ".java.golden");
        if ("true".equals(System.getProperty("golden.update"))) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, e.source(), StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "no golden file " + golden + "; run with -Dgolden.update=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), e.source(), "emitted " + e.relativePath());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void compilesWithJavac(String file) {
        CompiledModule m = CompiledModule.load(Fixtures.seed(file));
        assertEquals(m.emitted().qualifiedName(), m.type().getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void isDeterministic(String file) {
        String first = JavaEmitter.emit(Fixtures.seed(file)).source();
        String second = JavaEmitter.emit(Programs.compile(Programs.example(file))).source();
        assertEquals(first, second);
        assertEquals(first, JavaEmitter.emit(Fixtures.seed(file)).source());
    }

    /** Programs whose code shows the emitter's matrix loops and the Hessian method: two benchmarks and one inline. */
    static java.util.List<String> more() {
        return java.util.List.of("Mlp.grad", "Rnn.grad", "hessian");
    }

    static ModuleIr more(String name) throws IOException {
        if (name.equals("hessian")) {
            return compile("newton.grad", """
                    module demo.Newton;
                    // Newton's iteration for sqrt(a) inside a while loop: d2/da2 sqrt(a) = -a^(-3/2)/4.
                    @hessian(a, w)
                    fn root(a: real, w: real[2]) -> real {
                      r = a;
                      while (abs(r * r - a) > 1e-12 * a) {
                        r = 0.5 * (r + a / r);
                      }
                      return r + dot(w, w) * a;
                    }
                    """);
        }
        Path bench = Programs.examples().resolve("../../../../benchmarks/src/main/grad/bench").normalize();
        return Programs.compile(SourceFile.read(bench.resolve(name)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("more")
    void matrixLoopsAndHessianMatchGoldenFiles(String name) throws IOException {
        EmittedModule e = JavaEmitter.emit(more(name));
        Path golden = GOLDEN.resolve(e.className() + ".java.golden");
        if ("true".equals(System.getProperty("golden.update"))) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, e.source(), StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "no golden file " + golden + "; run with -Dgolden.update=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), e.source(), "emitted " + e.relativePath());
        assertEquals(e.qualifiedName(), CompiledModule.load(e).type().getName());
    }

    static ModuleIr compile(String name, String text) {
        return Programs.compile(new SourceFile(name, text));
    }
}
