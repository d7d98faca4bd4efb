package dev.gradc.maven;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the last build compiled: for each input (path relative to the source directory), the SHA-256 of its
 * content and the generator, and the Java file it became. Kept in a properties file under {@code target/}.
 */
final class BuildState {

    private static final String GENERATOR = "#generator";

    private final Path file;
    private final String generator;
    private final Properties before = new Properties();
    private final TreeMap<String, String> now = new TreeMap<>();

    private BuildState(Path file, String generator) {
        this.file = file;
        this.generator = generator;
    }

    static BuildState load(Path file, String generator) throws IOException {
        BuildState s = new BuildState(file, generator);
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                s.before.load(r);
            }
        }
        return s;
    }

    static String hash(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The key of the generator: the package option and a hash of the compiler's classes, read from {@code compiler}
     * (its jar, or its class directory, which is what Maven resolves a module of the same build to before it is
     * packaged). The content, not the file's size and date: a class directory keeps both when a class inside it is
     * recompiled, and generated code made by an older compiler would then be kept. Null compiler: "unknown", so
     * every build compiles everything.
     */
    static String generator(String packageName, Path compiler) {
        String classes;
        try {
            classes = compiler == null ? "unknown" : contentHash(compiler);
        } catch (IOException e) {
            classes = "unknown";
        }
        return (packageName == null ? "" : packageName) + "|" + classes;
    }

    /** SHA-256 of a file's bytes, or of a directory's files (relative path and bytes, in path order). */
    static String contentHash(Path location) throws IOException {
        MessageDigest d = sha256();
        if (Files.isDirectory(location)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(location)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                d.update(location.relativize(f).toString().replace(java.io.File.separatorChar, '/')
                        .getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(Files.readAllBytes(f));
            }
        } else {
            d.update(Files.readAllBytes(location));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The output of {@code input} if it was compiled from the same content by the same generator, else null. */
    String output(String input, String hash) {
        if (!generator.equals(before.getProperty(GENERATOR))) {
            return null;
        }
        String v = before.getProperty(input);
        if (v == null) {
            return null;
        }
        int bar = v.indexOf('|');
        return bar > 0 && v.substring(0, bar).equals(hash) ? v.substring(bar + 1) : null;
    }

    void keep(String input, String hash, String output) {
        now.put(input, hash + "|" + output);
    }

    /** Outputs of the last build that no input makes any more. */
    List<String> staleOutputs(Set<String> current) {
        List<String> out = new ArrayList<>();
        for (String k : before.stringPropertyNames()) {
            String v = before.getProperty(k);
            int bar = v.indexOf('|');
            if (!k.equals(GENERATOR) && bar > 0 && !current.contains(v.substring(bar + 1))) {
                out.add(v.substring(bar + 1));
            }
        }
        out.sort(null);
        return out;
    }

    void save() throws IOException {
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        p.setProperty(GENERATOR, generator);
        now.forEach(p::setProperty);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "gradc: inputs compiled by the last build");
        }
    }
}
