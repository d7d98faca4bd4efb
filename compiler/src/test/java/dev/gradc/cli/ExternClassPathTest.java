package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --classpath: a program's extern Java class compiled elsewhere, in run and in compare's every engine. */
class ExternClassPathTest {

    @TempDir
    static Path dir;
    static String classes;
    static String program;

    @BeforeAll
    static void compileTheJavaClass() throws Exception {
        Path src = Cli.writePath(dir, "Funcs.java", """
                package ext;
                public final class Funcs {
                    public static double cube(double x) { return x * x * x; }
                    public static double fail(double x) { throw new ArithmeticException("no " + x); }
                    public static double deep(double x) { return x + deep(x + 1); }
                    public static double insist(double x) { throw new AssertionError("x was " + x); }
                    public static double exhaust(double x) { throw new OutOfMemoryError("Java heap space"); }
                    public static double broken(double x) { return Broken.VALUE * x; }
                    static final class Broken {
                        static final double VALUE = Double.parseDouble("not a number");
                    }
                }
                """);
        Path out = dir.resolve("classes");
        java.nio.file.Files.createDirectories(out);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString());
        assertEquals(0, rc);
        classes = out.toString();
        program = Cli.write(dir, "cubes.grad", """
                extern fn cube(x: real) -> real = "ext.Funcs.cube";
                extern fn fail(x: real) -> real = "ext.Funcs.fail";
                extern fn deep(x: real) -> real = "ext.Funcs.deep";
                extern fn insist(x: real) -> real = "ext.Funcs.insist";
                extern fn exhaust(x: real) -> real = "ext.Funcs.exhaust";
                extern fn broken(x: real) -> real = "ext.Funcs.broken";
                @vjp_rule(cube, x)
                fn cube_vjp(x: real, y: real, ybar: real) -> real { return 3 * x * x * ybar; }
                @jvp_rule(cube, x)
                fn cube_jvp(x: real, y: real, dx: real) -> real { return 3 * x * x * dx; }
                fn f(x: real) -> real { return cube(x) * sin(x); }
                fn g(x: real) -> real {
                  return fail(x);
                }
                fn h(x: real) -> real {
                  a = 1 + x;
                  return deep(a);
                }
                fn k(x: real) -> real { return insist(x); }
                fn m(x: real) -> real { return 2 * exhaust(x); }
                fn n(x: real) -> real { return 2 * broken(x); }
                """);
    }

    @Test
    void everyEngineCallsTheClassGivenOnTheClassPath() {
        Cli.Result r = Cli.run("compare", program, "--fn", "f", "--arg", "x=1.5", "--json", "--classpath", classes);
        assertEquals(0, r.code(), r::toString);
        double x = 1.5;
        double want = 3 * x * x * Math.sin(x) + x * x * x * Math.cos(x);
        for (String engine : List.of("compiled (static graph)", "compiled, forward mode", "tape (define-by-run)",
                "interpreter")) {
            Matcher m = Pattern.compile("\"engine\": \"" + Pattern.quote(engine)
                    + "\", \"value\": [^,]+, \"derivative\": \\{\"x\": ([-0-9.eE]+)\\}").matcher(r.out());
            assertTrue(m.find(), engine + " in " + r.out());
            assertEquals(want, Double.parseDouble(m.group(1)), 1e-12, engine);
        }
    }

    @Test
    void withoutTheClassPathTheExternIsAPositionedError() {
        Cli.Result r = Cli.run("check", program);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("cubes.grad:1:35: error: class 'ext.Funcs' of extern \"ext.Funcs.cube\" is not on "
                + "the class path (give it with --classpath, or as a dependency of the project)"), r::toString);
        assertEquals(0, Cli.run("check", program, "--classpath", classes).code());
        Cli.Result missing = Cli.run("check", program, "--classpath", dir.resolve("nowhere").toString());
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("--classpath entry '" + dir.resolve("nowhere") + "' does not exist"),
                missing::toString);
    }

    @Test
    void aJavaExceptionIsARunTimeErrorNamingTheLineAndTheMethod() {
        for (String engine : List.of("compiled", "tape", "interpreter")) {
            Cli.Result r = Cli.run("run", program, "--fn", "g", "--arg", "x=2", "--engine", engine,
                    "--classpath", classes);
            assertEquals(3, r.code(), r::toString);
            assertEquals("error: cubes.grad:13:10: the Java method ext.Funcs.fail threw java.lang.ArithmeticException: "
                    + "no 2.0\n", r.err(), engine);
        }
    }

    /**
     * An Error thrown inside the method (a StackOverflowError, an AssertionError, an ExceptionInInitializerError
     * from its class's initialiser, then the NoClassDefFoundError of the next call) is the method's failure: exit
     * 3, the line and the method named, in every engine, as for an exception.
     */
    @Test
    void aJavaErrorIsARunTimeErrorNamingTheLineAndTheMethod() {
        for (String engine : List.of("compiled", "tape", "interpreter")) {
            Cli.Result r = Cli.run("run", program, "--fn", "h", "--arg", "x=2", "--engine", engine,
                    "--classpath", classes);
            assertEquals(3, r.code(), r::toString);
            assertEquals("error: cubes.grad:17:10: the Java method ext.Funcs.deep threw java.lang.StackOverflowError\n",
                    r.err(), engine);
            r = Cli.run("run", program, "--fn", "k", "--arg", "x=2", "--engine", engine, "--classpath", classes);
            assertEquals(3, r.code(), r::toString);
            assertEquals("error: cubes.grad:19:32: the Java method ext.Funcs.insist threw java.lang.AssertionError: "
                    + "x was 2.0\n", r.err(), engine);
            r = Cli.run("run", program, "--fn", "n", "--arg", "x=2", "--engine", engine, "--classpath", classes);
            assertEquals(3, r.code(), r::toString);
            assertTrue(r.err().startsWith("error: cubes.grad:21:36: the Java method ext.Funcs.broken threw java.lang."
                    + "ExceptionInInitializerError"), engine + ": " + r);
        }
    }

    /**
     * An OutOfMemoryError inside the method keeps its meaning, exit 3: the compiled engine's out-of-memory message
     * naming the heap, or the interpreter's and the tape's positioned one (as for their own arrays).
     */
    @Test
    void runningOutOfMemoryInsideTheMethodIsReportedAsOutOfMemory() {
        String heap = String.format(java.util.Locale.ROOT, "%.1f GB",
                Runtime.getRuntime().maxMemory() / (double) (1L << 30));
        Cli.Result r = Cli.run("run", program, "--fn", "m", "--arg", "x=2", "--classpath", classes);
        assertEquals(3, r.code(), r::toString);
        assertEquals("error: " + dev.gradc.diag.CliMessages.outOfMemory(heap) + "\n", r.err());
        for (String engine : List.of("tape", "interpreter")) {
            r = Cli.run("run", program, "--fn", "m", "--arg", "x=2", "--engine", engine, "--classpath", classes);
            assertEquals(3, r.code(), r::toString);
            assertEquals("error: cubes.grad:20:36: " + dev.gradc.diag.CliMessages.outOfMemoryAt(
                    "the value of this expression", false, Runtime.getRuntime().maxMemory()) + "\n", r.err(), engine);
        }
    }
}
