package dev.gradc.fuzz;

import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The programs fuzzing starts from: the seed examples, the fuzz corpus (every feature) and random programs. */
final class Corpus {

    static final List<String> FILES = List.of("control.grad", "elementwise.grad", "loops.grad",
            "sizes_and_matrices.grad");

    private Corpus() {
    }

    static List<String> seeds() {
        List<String> out = new ArrayList<>();
        Path dir = Programs.examples().resolve("seed");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".grad")).sorted().toList()) {
                out.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The example programs outside the seed (their folders under the examples), in a fixed order. */
    static List<String> programs() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Programs.examples())) {
            for (Path p : files.filter(p -> p.toString().endsWith(".grad") && !p.getParent().endsWith("seed"))
                    .sorted().toList()) {
                out.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String resource(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream("/fuzz/corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /fuzz/corpus/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seeds, corpus files and {@code random} random programs, in a fixed order. */
    static List<String> all(int random) {
        List<String> out = new ArrayList<>(seeds());
        FILES.forEach(f -> out.add(resource(f)));
        for (int i = 0; i < random; i++) {
            out.add(RandomPrograms.generate(1000 + i));
        }
        return out;
    }
}
