package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --classpath}: the directories and jars where a program's extern Java methods are. */
final class ClassPath {

    private ClassPath() {
    }

    /** A loader over the entries of {@code path} (gradc's own classes as its parent); gradc's loader for none. */
    static ClassLoader loader(String path) {
        ClassLoader own = ClassPath.class.getClassLoader();
        if (path == null || path.isBlank()) {
            return own;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw CommandError.usage(CliMessages.classPathEntry(entry));
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw CommandError.usage(CliMessages.classPathEntry(entry));
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), own);
    }
}
