package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.CliMessages;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compile -d DIR} never writes outside DIR, through links already inside it or otherwise, and writes all
 * its files or none. One test per way in which it once did, and {@link CompileOutputLayoutsTest} for random
 * layouts of links.
 */
class CompileOutputSafetyTest {

    @TempDir
    Path dir;

    @Test
    void aPackageFolderLinkedOutsideIsRefusedAndTheOutsideIsUntouched() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve("evil"), Path.of("../outside"));
        String f = Cli.write(dir, "m.grad", "module evil.Plain;\nfn f(x: real) -> real { return x; }\n");
        Cli.Result r = Cli.run("compile", f, "-d", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("'" + out.resolve("evil") + "' is a symbolic link to '"
                + outside.toRealPath() + "', outside '" + out + "'"), r::toString);
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing written outside");
        }
    }

    @Test
    void aFileLinkedOutsideIsNotOverwritten() throws IOException {
        Path victim = Cli.writePath(dir, "victim.txt", "precious\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve("Plain.java"), Path.of("../victim.txt"));
        String f = Cli.write(dir, "m.grad", "module Plain;\nfn f(x: real) -> real { return x; }\n");
        Cli.Result r = Cli.run("compile", f, "-d", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("is a symbolic link to"), r::toString);
        assertEquals("precious\n", Files.readString(victim));
    }

    @Test
    void aDanglingLinkIsRefused() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve("seed"), Path.of("../not-yet"));
        Cli.Result r = Cli.run("compile", Cli.seed("polynomial.grad"), "-d", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("is a symbolic link that leads nowhere"), r::toString);
        assertFalse(Files.exists(dir.resolve("not-yet"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void linksThatStayInsideAreFollowed() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(out.resolve("real"));
        Files.createSymbolicLink(out.resolve("seed"), Path.of("real"));
        Cli.Result r = Cli.run("compile", Cli.seed("polynomial.grad"), "-d", out.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.readString(out.resolve("real/Polynomial.java")).contains("class Polynomial"));
    }

    @Test
    void noFileIsWrittenWhenALaterOneCannotBe() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("b"), "a file where a package folder would go\n");
        String a = Cli.write(dir, "a.grad", "module a.x.A;\nfn f(x: real) -> real { return x; }\n");
        String b = Cli.write(dir, "b.grad", "module b.B;\nfn f(x: real) -> real { return x; }\n");
        Cli.Result r = Cli.run("compile", a, b, "-d", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("'" + out.resolve("b") + "' is in the way: not a directory"), r::toString);
        assertFalse(Files.exists(out.resolve("a")), "no folder and no file of the first module: " + r);
    }

    @Test
    void filesAreReplacedWholeAndNoTemporaryFileRemains() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("seed"));
        Files.writeString(out.resolve("seed/Polynomial.java"), "old");
        Cli.Result r = Cli.run("compile", Cli.seed("polynomial.grad"), "-d", out.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals("wrote " + out.resolve("seed/Polynomial.java") + "\n", r.out().replace("\r\n", "\n"));
        assertTrue(Files.readString(out.resolve("seed/Polynomial.java")).contains("class Polynomial"));
        try (Stream<Path> s = Files.list(out.resolve("seed"))) {
            assertEquals(1, s.count(), "no temporary file left beside the source");
        }
    }

    @Test
    void anEmptyDirectoryNameIsAUsageError() {
        for (String empty : new String[] {"", " "}) {
            Cli.Result r = Cli.run("compile", Cli.seed("polynomial.grad"), "-d", empty);
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().contains("-d needs a directory or file name"), r::toString);
        }
    }

    @Test
    void aDirectoryThatIsAFileSaysSo() {
        String file = Cli.write(dir, "plain.txt", "x");
        Cli.Result r = Cli.run("compile", Cli.seed("polynomial.grad"), "-d", file);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("cannot write '" + file + "': not a directory"), r::toString);
    }

    @Test
    void classNamesDifferingOnlyInCaseAreReported() {
        String a = Cli.write(dir, "a.grad", "module app.Model;\nfn f(x: real) -> real { return x; }\n");
        String b = Cli.write(dir, "b.grad", "module app.model;\nfn f(x: real) -> real { return x; }\n");
        Cli.Result r = Cli.run("compile", a, b, "-d", dir.resolve("out").toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("classes app.Model and app.model differ only in case"), r::toString);
        assertFalse(Files.exists(dir.resolve("out/app")));
    }

    @Test
    void ioFailuresSayWhy() {
        assertEquals("permission denied", CliMessages.why(new AccessDeniedException("/x")));
        assertEquals("not a directory", CliMessages.why(new java.nio.file.FileSystemException("/x", null,
                "Not a directory")));
        assertEquals("no such file or directory", CliMessages.why(new java.nio.file.NoSuchFileException("/x")));
    }

    /** Every regular file and link under {@code root} (not following links): its content or its target. */
    static Map<String, String> snapshot(Path root, Path skip) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (skip != null && p.startsWith(skip)) {
                    continue;
                }
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    all.put(key, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    all.put(key, Files.readString(p));
                } else {
                    all.put(key, "dir");
                }
            }
        }
        return all;
    }
}
