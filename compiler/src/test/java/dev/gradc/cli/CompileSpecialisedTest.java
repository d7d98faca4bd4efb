package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradc compile --size NAME=VALUE... --class-suffix S}: a class specialised to the bound sizes, beside the
 * generic class when a suffix is given; bad bindings are usage errors (exit 2), a name no function declares or a
 * binding that makes a dimension less than 1 an error in the input (exit 1), and nothing is written.
 */
class CompileSpecialisedTest {

    private static final String SIZED = "module demo.Sized;\n"
            + "fn f<N, M>(x: real[2*N], y: real[M, N]) -> real { return sum(x * x) + sum(y @ x[0:N]); }\n";

    @TempDir
    Path dir;

    @Test
    void theSpecialisedClassCompilesBesideTheGenericOne() throws Exception {
        String f = Cli.write(dir, "sized.grad", SIZED);
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run("compile", f, "-d", out.toString()).code());
        Cli.Result r = Cli.run("compile", f, "-d", out.toString(), "--size", "N=3", "--class-suffix", "N3");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("wrote " + out.resolve("demo/SizedN3.java")), r.out().lines().toList());
        String generic = Files.readString(out.resolve("demo/Sized.java"));
        String specialised = Files.readString(out.resolve("demo/SizedN3.java"));
        assertTrue(specialised.contains("public static double f(int N, int M, double[] x, double[] y)"), specialised);
        assertTrue(specialised.contains("Checks.specialised(N, 3, \"N\");"), specialised);
        assertTrue(specialised.contains("Checks.length(x, 6, \"x\");"), "2*N folded to 6: " + specialised);
        assertTrue(generic.contains("Checks.size(N, \"N\");"), generic);
        String runtime = Path.of(dev.gradc.runtime.MathOps.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.resolve("classes").toString(),
                "-cp", runtime, out.resolve("demo/Sized.java").toString(), out.resolve("demo/SizedN3.java").toString());
        assertEquals(0, javac, "both classes compile together");
    }

    @Test
    void malformedBindingsAreUsageErrors() {
        String f = Cli.write(dir, "sized.grad", SIZED);
        Path out = dir.resolve("out");
        for (String[] bad : List.of(
                new String[] {"--size", "N"}, new String[] {"--size", "N=0"}, new String[] {"--size", "N=-2"},
                new String[] {"--size", "N=2.5"}, new String[] {"--size", "N=two"}, new String[] {"--size", "3=4"},
                new String[] {"--size", "N=2", "--size", "N=3"}, new String[] {"--size", "N=2", "--class-suffix", "a.b"})) {
            List<String> args = new java.util.ArrayList<>(List.of("compile", f, "-d", out.toString()));
            args.addAll(List.of(bad));
            Cli.Result r = Cli.run(args.toArray(new String[0]));
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r);
            assertTrue(r.err().contains("--"), r::toString);
        }
        Cli.Result zero = Cli.run("compile", f, "-d", out.toString(), "--size", "N=0");
        assertTrue(zero.err().contains("--size N=0: a size is bound to a positive int, got '0'"), zero::toString);
        assertFalse(Files.exists(out));
    }

    @Test
    void aNameNoFunctionDeclaresIsAnInputError() {
        String f = Cli.write(dir, "sized.grad", SIZED);
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("compile", f, "-d", out.toString(), "--size", "K=4");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("sized.grad: error: --size K: no function of this file has a size named 'K';"
                + " its sizes are 'M', 'N'"), r::toString);
        assertFalse(Files.exists(out));
    }

    @Test
    void aBindingThatMakesADimensionLessThanOneIsReportedAtIt() {
        String f = Cli.write(dir, "window.grad", "fn f<N>(x: real[N], w: real[N-3]) -> real { return sum(x) * sum(w); }\n");
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("compile", f, "-d", out.toString(), "--size", "N=2");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("window.grad:1:29: error: dimension 'N-3' is -1 with N=2; every dimension must be"
                + " at least 1"), r::toString);
        assertFalse(Files.exists(out));
    }
}
