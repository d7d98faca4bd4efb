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

class CompileCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesOneJavaSourcePerModuleInItsPackageFolders() throws Exception {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("compile", Cli.seed("polynomial.grad"), Cli.seed("control_flow.grad"), "-d", out.toString());
        assertEquals(0, r.code(), r::toString);
        Path poly = out.resolve("seed/Polynomial.java");
        assertTrue(Files.exists(poly), r::toString);
        assertTrue(Files.exists(out.resolve("seed/ControlFlow.java")));
        try (var files = Files.walk(out)) {
            assertEquals(2, files.filter(Files::isRegularFile).count(), "sources and nothing else");
        }
        assertTrue(Files.readString(poly).contains("public static F.Grad fGrad(double x)"));
        String runtime = Path.of(dev.gradc.runtime.MathOps.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.resolve("classes").toString(),
                "-cp", runtime, poly.toString(), out.resolve("seed/ControlFlow.java").toString());
        assertEquals(0, javac, "the written sources compile with javac");
    }

    @Test
    void packageOptionWinsOverTheModuleName() {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("compile", Cli.seed("detach.grad"), "-d", out.toString(), "--package", "my.app");
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.exists(out.resolve("my/app/Detach.java")), r::toString);
    }

    @Test
    void aPackageThatCouldEscapeTheDirectoryIsRefused() {
        for (String bad : List.of("..", "a/../../b", "a..b", "../x", "a.b/c")) {
            Cli.Result r = Cli.run("compile", Cli.seed("detach.grad"), "-d", dir.resolve("out").toString(),
                    "--package", bad);
            assertEquals(2, r.code(), bad + ": " + r);
        }
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void modulesNamedInsideTheJdksPackagesAreRejected() throws Exception {
        String f = Cli.write(dir, "evil.grad", "module java.lang.String;\nfn f(x: real) -> real { return x; }\n");
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("compile", f, "-d", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("evil.grad:1:8: error: module 'java.lang.String' is inside the package 'java'"),
                r::toString);
        assertFalse(Files.exists(out.resolve("java/lang/String.java")), "never a class in java.lang");
    }

    @Test
    void nothingIsWrittenWhenAFileHasErrors() {
        String bad = Cli.write(dir, "bad.grad", "fn f(x: real) -> real { return y; }\n");
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("compile", Cli.seed("polynomial.grad"), bad, "-d", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("undefined name 'y'"), r::toString);
        assertFalse(Files.exists(out.resolve("seed/Polynomial.java")));
    }
}
