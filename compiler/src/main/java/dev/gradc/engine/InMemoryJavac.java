package dev.gradc.engine;

import dev.gradc.runtime.MathOps;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** javac from javax.tools, reading one source from a string and writing class files to memory. */
final class InMemoryJavac {

    private InMemoryJavac() {
    }

    /** Compiles {@code source} (class {@code binaryName}) against the runtime; gives class name to bytes. */
    static Map<String, byte[]> compile(String binaryName, String source) {
        return compile(binaryName, source, InMemoryJavac.class.getClassLoader());
    }

    /**
     * Like {@link #compile(String, String)}; a source that calls extern methods is compiled also against the
     * classes {@code loader} sees: its URLs, up its parents, and the JVM's class path.
     */
    static Map<String, byte[]> compile(String binaryName, String source, ClassLoader loader) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("compiling in memory needs a JDK: this Java runtime has no javac");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension),
                        kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        out.put(className, b);
                        return b;
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(
                URI.create("string:///" + binaryName.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean externs = source.contains(dev.gradc.runtime.ExternCallException.class.getSimpleName());
        String classPath = !externs ? runtimeClassPath() : runtimeClassPath() + File.pathSeparator
                + classPathOf(loader) + System.getProperty("java.class.path", "");
        List<String> options = List.of("-classpath", classPath, "-proc:none", "-nowarn", "-Xlint:none",
                "-encoding", "UTF-8");
        boolean ok = javac.getTask(null, fm, diagnostics, options, null, List.of(unit)).call();
        if (!ok) {
            String errors = diagnostics.getDiagnostics().stream().limit(20)
                    .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n"));
            throw new IllegalStateException("the generated class " + binaryName + " does not compile (a gradc bug):\n"
                    + errors);
        }
        Map<String, byte[]> classes = new HashMap<>();
        out.forEach((k, v) -> classes.put(k, v.toByteArray()));
        return classes;
    }

    /** The file-system entries of a class loader and its parents, each followed by the path separator. */
    private static String classPathOf(ClassLoader loader) {
        StringBuilder b = new StringBuilder();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof java.net.URLClassLoader u) {
                for (java.net.URL url : u.getURLs()) {
                    try {
                        b.append(Path.of(url.toURI())).append(File.pathSeparator);
                    } catch (Exception e) {
                        // not a file: javac cannot read it; the extern's class must then be elsewhere on the path
                    }
                }
            }
        }
        return b.toString();
    }

    /** Where the runtime's classes are: what generated code is compiled against. */
    static String runtimeClassPath() {
        try {
            var source = MathOps.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                return Path.of(source.getLocation().toURI()).toString();
            }
        } catch (Exception e) {
            // fall back to the class path below
        }
        return System.getProperty("java.class.path", "") + File.pathSeparator;
    }

    /** Defines the compiled classes; everything else (the runtime, the JDK) comes from the parent. */
    static final class Loader extends ClassLoader {

        private final Map<String, byte[]> classes;

        Loader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}
