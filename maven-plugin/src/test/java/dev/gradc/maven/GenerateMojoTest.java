package dev.gradc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateMojoTest {

    @TempDir
    Path dir;

    /** A log that keeps what the goal says. */
    private static final class RecordingLog extends SystemStreamLog {
        final List<String> info = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            info.add(content.toString());
        }

        @Override
        public void error(CharSequence content) {
            errors.add(content.toString());
        }
    }

    private RecordingLog log;
    private MavenProject project;

    private GenerateMojo mojo() throws Exception {
        GenerateMojo m = new GenerateMojo();
        set(m, "sourceDirectory", dir.resolve("src/main/grad").toFile());
        set(m, "outputDirectory", dir.resolve("target/generated-sources/gradc").toFile());
        set(m, "stateFile", dir.resolve("target/gradc/state.properties").toFile());
        project = new MavenProject();
        project.getProperties().setProperty("maven.compiler.release", "17");
        set(m, "project", project);
        log = new RecordingLog();
        m.setLog(log);
        return m;
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    private Path source(String name, String text) throws Exception {
        Path p = dir.resolve("src/main/grad").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void compilesEveryGradFileAndAddsTheSourceRoot() throws Exception {
        source("demo/poly.grad", "module demo.Poly;\nfn f(x: real) -> real { return x^3; }\n");
        source("twice.grad", "fn g(x: real) -> real { return 2 * x; }\n");
        mojo().execute();
        Path out = dir.resolve("target/generated-sources/gradc");
        assertTrue(Files.exists(out.resolve("demo/Poly.java")));
        assertTrue(Files.exists(out.resolve("Twice.java")));
        assertTrue(project.getCompileSourceRoots().contains(out.toFile().getPath()));
        assertTrue(log.info.stream().anyMatch(s -> s.startsWith("gradc: 2 compiled, 0 up to date")), log.info::toString);
    }

    @Test
    void unchangedInputsAreNotRecompiled() throws Exception {
        source("a.grad", "fn a(x: real) -> real { return x * x; }\n");
        Path b = source("b.grad", "fn b(x: real) -> real { return x + x; }\n");
        mojo().execute();
        Path aJava = dir.resolve("target/generated-sources/gradc/A.java");
        Files.setLastModifiedTime(aJava, FileTime.fromMillis(1_000_000L));
        Files.writeString(b, "fn b(x: real) -> real { return 3 * x; }\n");
        mojo().execute();
        assertTrue(log.info.stream().anyMatch(s -> s.startsWith("gradc: 1 compiled, 1 up to date")), log.info::toString);
        assertEquals(1_000_000L, Files.getLastModifiedTime(aJava).toMillis(), "A.java was not rewritten");
        assertTrue(Files.readString(dir.resolve("target/generated-sources/gradc/B.java")).contains("3.0"));
    }

    @Test
    void diagnosticsFailTheBuildWithFilePositions() throws Exception {
        Path bad = source("bad.grad", "fn f(x: real) -> real {\n  y = sine(x);\n  return y;\n}\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo().execute());
        assertEquals(1, log.errors.stream()
                .filter(s -> s.equals(bad + ":2:7: error: unknown function 'sine'; did you mean 'sin'?")).count(),
                log.errors::toString);
        // Maven prints the failure's message after the log: it sums up instead of repeating the diagnostic
        assertEquals("gradc: 1 file has errors (reported above)", e.getMessage());
    }

    /**
     * A module whose generated code is past the limit ({@code -Dgradc.maxModuleCode}, here 2,000 nodes) fails the
     * build with the position of the function that crossed it, as other diagnostics do, and writes nothing: the
     * doubling calls f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1), each function written with its callees inlined.
     */
    @Test
    void aModulePastTheCodeLimitFailsTheBuildAtTheFunction() throws Exception {
        StringBuilder text = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int k = 1; k <= 12; k++) {
            text.append("fn f").append(k).append("(x: real) -> real { return f").append(k - 1).append("(x) + f")
                    .append(k - 1).append("(x + 1); }\n");
        }
        Path big = source("big.grad", text.toString());
        String saved = System.getProperty("gradc.maxModuleCode");
        System.setProperty("gradc.maxModuleCode", "2000");
        MojoFailureException e;
        try {
            e = assertThrows(MojoFailureException.class, () -> mojo().execute());
        } finally {
            if (saved == null) {
                System.clearProperty("gradc.maxModuleCode");
            } else {
                System.setProperty("gradc.maxModuleCode", saved);
            }
        }
        String head = log.errors.stream().filter(s -> s.startsWith(big + ":")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                ":(\\d+):1: error: the generated code of the module's functions up to 'f(\\d+)' would be (\\d+) "
                        + "operations written out, more than the limit of 2000 .*").matcher(head.substring(big.toString().length()));
        assertTrue(m.matches(), head);
        assertEquals(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) + 1, "at the line of " + head);
        assertTrue(Long.parseLong(m.group(3)) > 2000, head);
        assertEquals("gradc: 1 file has errors (reported above)", e.getMessage());
        Path out = dir.resolve("target/generated-sources/gradc");
        try (java.util.stream.Stream<Path> written = Files.exists(out) ? Files.walk(out) : java.util.stream.Stream.empty()) {
            assertTrue(written.noneMatch(p -> p.toString().endsWith(".java")), "nothing written");
        }
    }

    @Test
    void projectBelowJavaSixteenFailsBeforeAnythingIsGenerated() throws Exception {
        source("a.grad", "fn a(x: real) -> real { return x; }\n");
        GenerateMojo m = mojo();
        project.getProperties().setProperty("maven.compiler.release", "11");
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(e.getMessage().contains("needs Java 16 or later"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("target/generated-sources/gradc")));
    }

    @Test
    void removedInputsLoseTheirGeneratedSource() throws Exception {
        Path a = source("a.grad", "fn a(x: real) -> real { return x; }\n");
        mojo().execute();
        Files.delete(a);
        mojo().execute();
        assertTrue(!Files.exists(dir.resolve("target/generated-sources/gradc/A.java")));
        assertTrue(new File(dir.toFile(), "target/gradc/state.properties").exists());
    }

    private static final String SIZED = "module demo.Sized;\n"
            + "fn f<N, M>(x: real[2*N], y: real[M]) -> real { return sum(x * x) + sum(y); }\n";

    @Test
    void specialisedClassesAreGeneratedBesideTheGenericOneAndCompile() throws Exception {
        source("demo/sized.grad", SIZED);
        GenerateMojo m = mojo();
        set(m, "specialisations", List.of(new Specialisation("demo/sized.grad", java.util.Map.of("N", "3"), "N3"),
                new Specialisation("demo/sized.grad", java.util.Map.of("N", "2", "M", "5"), "Small")));
        m.execute();
        Path out = dir.resolve("target/generated-sources/gradc/demo");
        String generic = Files.readString(out.resolve("Sized.java"));
        String n3 = Files.readString(out.resolve("SizedN3.java"));
        String small = Files.readString(out.resolve("SizedSmall.java"));
        assertTrue(generic.contains("Checks.size(N, \"N\")"), generic);
        assertTrue(n3.contains("public final class SizedN3") && n3.contains("Checks.specialised(N, 3, \"N\")")
                && n3.contains("Checks.size(M, \"M\")"), n3);
        assertTrue(small.contains("Checks.specialised(M, 5, \"M\")"), small);
        assertTrue(log.info.stream().anyMatch(s -> s.startsWith("gradc: 3 compiled, 0 up to date")), log.info::toString);
        javac(out.resolve("Sized.java"), out.resolve("SizedN3.java"), out.resolve("SizedSmall.java"));
        GenerateMojo again = mojo();
        set(again, "specialisations", List.of(new Specialisation("demo/sized.grad", java.util.Map.of("N", "3"), "N3"),
                new Specialisation("demo/sized.grad", java.util.Map.of("N", "2", "M", "5"), "Small")));
        again.execute();
        assertTrue(log.info.stream().anyMatch(s -> s.startsWith("gradc: 0 compiled, 3 up to date")), log.info::toString);
    }

    @Test
    void aSpecialisationWithoutSuffixReplacesTheGenericClass() throws Exception {
        source("demo/sized.grad", SIZED);
        GenerateMojo m = mojo();
        set(m, "specialisations", List.of(new Specialisation("demo/sized.grad", java.util.Map.of("N", "4"), "")));
        m.execute();
        String only = Files.readString(dir.resolve("target/generated-sources/gradc/demo/Sized.java"));
        assertTrue(only.contains("Checks.specialised(N, 4, \"N\")"), only);
        assertTrue(log.info.stream().anyMatch(s -> s.startsWith("gradc: 1 compiled, 0 up to date")), log.info::toString);
    }

    @Test
    void badSpecialisationsFailTheBuild() throws Exception {
        source("demo/sized.grad", SIZED);
        GenerateMojo m = mojo();
        set(m, "specialisations", List.of(new Specialisation("demo/sized.grad", java.util.Map.of("N", "0"), "Z")));
        MojoFailureException zero = assertThrows(MojoFailureException.class, m::execute);
        assertEquals("gradc: the specialisation of 'demo/sized.grad': --size N=0: a size is bound to a positive int,"
                + " got '0'", zero.getMessage());
        GenerateMojo missing = mojo();
        set(missing, "specialisations", List.of(new Specialisation("demo/other.grad", java.util.Map.of("N", "2"), "Z")));
        MojoFailureException none = assertThrows(MojoFailureException.class, missing::execute);
        assertTrue(none.getMessage().startsWith("gradc: a specialisation names 'demo/other.grad', which is not a .grad"
                + " file under "), none.getMessage());
        GenerateMojo unknown = mojo();
        set(unknown, "specialisations", List.of(new Specialisation("demo/sized.grad", java.util.Map.of("K", "2"), "Z")));
        assertThrows(MojoFailureException.class, unknown::execute);
        assertTrue(log.errors.stream().anyMatch(s -> s.endsWith("sized.grad: error: --size K: no function of this file"
                + " has a size named 'K'; its sizes are 'M', 'N'")), log.errors::toString);
    }

    /** Compiles generated sources with javac against the class path of the tests (the runtime among it). */
    private void javac(Path... files) throws Exception {
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        for (Path f : files) {
            args.add(f.toString());
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(new String[0]));
        assertEquals(0, rc, err.toString());
    }
}
