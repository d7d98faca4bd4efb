package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compile -d out} over random layouts of folders, files and symbolic links already in {@code out}: links to
 * folders and files inside and outside it, dangling links, chains of links, a link to {@code out} itself. Whatever
 * the layout, nothing outside {@code out} changes; the command either writes every module's source, at a real path
 * inside {@code out}, or fails with a message (never an internal error) and leaves {@code out} as it was.
 */
class CompileOutputLayoutsTest {

    /** Where a module's class goes, relative to out. */
    private static final List<String> TARGETS = List.of("p/M0.java", "p/q/M1.java", "M2.java");
    /** The names the generator may put something at, parents before children. */
    private static final List<String> NAMES = List.of("in", "in/x", "c1", "c2", "p", "p/q", "p/M0.java",
            "p/q/M1.java", "M2.java");

    @TempDir
    Path dir;

    @Test
    void nothingOutsideTheOutputDirectoryEverChanges() throws IOException {
        String[] modules = {
            Cli.write(dir, "m0.grad", "module p.M0;\nfn f(x: real) -> real { return x; }\n"),
            Cli.write(dir, "m1.grad", "module p.q.M1;\nfn g(x: real) -> real { return 2 * x; }\n"),
            Cli.write(dir, "m2.grad", "module M2;\nfn h(x: real) -> real { return 3 * x; }\n"),
        };
        int written = 0;
        for (int trial = 0; trial < 100; trial++) {
            Path root = Files.createDirectories(dir.resolve("t" + trial));
            Path out = layout(root, new Random(trial));
            Map<String, String> outsideBefore = CompileOutputSafetyTest.snapshot(root, out);
            Map<String, String> outBefore = CompileOutputSafetyTest.snapshot(out, null);
            String[] args = new String[modules.length + 3];
            args[0] = "compile";
            System.arraycopy(modules, 0, args, 1, modules.length);
            args[modules.length + 1] = "-d";
            args[modules.length + 2] = out.toString();
            Cli.Result r = Cli.run(args);
            String why = "layout " + trial + " " + outBefore + "\n" + r;
            assertEquals(outsideBefore, CompileOutputSafetyTest.snapshot(root, out), "outside changed: " + why);
            assertTrue(r.code() == 0 || r.code() == 1 && r.err().startsWith("error: cannot write"), why);
            if (r.code() == 0) {
                written++;
                for (String t : TARGETS) {
                    Path real = out.resolve(t).toRealPath();
                    assertTrue(real.startsWith(out.toRealPath()), why);
                    assertTrue(Files.readString(real).contains("class " + t.replaceAll(".*/|\\.java", "")), why);
                }
            } else {
                assertEquals(outBefore, CompileOutputSafetyTest.snapshot(out, null), "partial output: " + why);
            }
        }
        assertTrue(written > 10 && written < 95, "both outcomes are exercised: " + written + " of 100 wrote");
    }

    /** A random layout under root: an outside folder with a victim file, and an output folder to fill. */
    private static Path layout(Path root, Random random) throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside/pkg"));
        Files.writeString(root.resolve("outside/victim.txt"), "precious");
        Files.writeString(outside.resolve("M0.java"), "precious too");
        Path out = Files.createDirectories(root.resolve("out"));
        List<Path> inside = List.of(out.resolve("in"), out.resolve("in/x"), out.resolve("p"), out.resolve("c1"), out);
        List<Path> away = List.of(root.resolve("outside"), outside, root.resolve("outside/victim.txt"),
                outside.resolve("M0.java"), root, root.resolve("nowhere"), root.resolve("outside/nowhere"));
        for (String name : NAMES) {
            Path p = out.resolve(name);
            if (!Files.isDirectory(p.getParent()) || !p.getParent().toRealPath().startsWith(out.toRealPath())) {
                continue;
            }
            switch (random.nextInt(7)) {
                case 0 -> Files.createDirectory(p);
                case 1 -> Files.writeString(p, "old " + name);
                case 2 -> link(p, inside.get(random.nextInt(inside.size())), random);
                case 3 -> link(p, away.get(random.nextInt(away.size())), random);
                case 4 -> link(p, out.resolve(random.nextBoolean() ? "c1" : "c2"), random);
                default -> {
                    // nothing at this name
                }
            }
        }
        return out;
    }

    /** A link at {@code at} to {@code target}, written absolute or relative at random. */
    private static void link(Path at, Path target, Random random) throws IOException {
        Path to = random.nextBoolean() || target.equals(at) ? target : at.getParent().relativize(target);
        Files.createSymbolicLink(at, to.toString().isEmpty() ? Path.of(".") : to);
    }
}
