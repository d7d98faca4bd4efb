package dev.gradc.maven;

import dev.gradc.Gradc;
import dev.gradc.diag.DiagnosticPrinter;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.emit.EmittedModule;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.lower.ModuleIr;
import dev.gradc.passes.DerivativeSize;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Goal {@code gradc:generate}: compiles every {@code .grad} file under the source directory to
 * one Java class under the output directory, and adds that directory as a compile source root. A file whose
 * content (and the compiler) did not change since the last build is not compiled again. Any diagnostic fails
 * the build, reported once as {@code FILE:LINE:COL: error: MESSAGE} with the source line and a caret. Before
 * compiling anything, the goal checks that the project compiles for a Java release generated code needs
 * ({@link JavaRelease}), and fails with what to set if it does not.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true,
        requiresDependencyResolution = org.apache.maven.plugins.annotations.ResolutionScope.COMPILE)
public final class GenerateMojo extends AbstractMojo {

    /** Where the {@code .grad} files are; every one below it is compiled. */
    @Parameter(property = "gradc.sourceDirectory", defaultValue = "${project.basedir}/src/main/grad")
    private File sourceDirectory;

    /** Where the generated Java sources go; added to the project's compile source roots. */
    @Parameter(property = "gradc.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/gradc")
    private File outputDirectory;

    /** Where what was compiled from what is remembered between builds. */
    @Parameter(defaultValue = "${project.build.directory}/gradc/state.properties", readonly = true)
    private File stateFile;

    /** A Java package for every generated class, instead of the modules' own. */
    @Parameter(property = "gradc.package")
    private String packageName;

    /**
     * Classes specialised to sizes bound at compile time ({@code gradc compile --size}): each names a file under
     * the source directory, its sizes and a class suffix (the class is generated beside the generic one; without
     * a suffix it replaces it). See {@link Specialisation}.
     */
    @Parameter
    private List<Specialisation> specialisations = new ArrayList<>();

    /** Generates nothing and adds no source root. */
    @Parameter(property = "gradc.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("gradc: skipped");
            return;
        }
        project.addCompileSourceRoot(outputDirectory.getPath());
        if (!sourceDirectory.isDirectory()) {
            getLog().info("gradc: no " + sourceDirectory + ", nothing to compile");
            return;
        }
        Optional<String> release = JavaRelease.problem(project);
        if (release.isPresent()) {
            throw new MojoFailureException(release.get());
        }
        try (java.net.URLClassLoader classes = compileClassPath()) {
            run(classes);
        } catch (IOException e) {
            throw new MojoExecutionException("gradc: " + e.getMessage(), e);
        }
    }

    /**
     * The project's compile class path (its dependencies' jars and its own classes), where the Java classes of
     * extern functions are found; gradc's own classes are the parent.
     */
    private java.net.URLClassLoader compileClassPath() throws MojoExecutionException {
        List<java.net.URL> urls = new ArrayList<>();
        try {
            for (String element : project.getCompileClasspathElements()) {
                urls.add(new File(element).toURI().toURL());
            }
        } catch (org.apache.maven.artifact.DependencyResolutionRequiredException | java.net.MalformedURLException e) {
            throw new MojoExecutionException("gradc: the compile class path: " + e.getMessage(), e);
        }
        return new java.net.URLClassLoader(urls.toArray(new java.net.URL[0]), Gradc.class.getClassLoader());
    }

    private void run(ClassLoader classes) throws IOException, MojoFailureException {
        Path src = sourceDirectory.toPath();
        Path out = outputDirectory.toPath();
        BuildState state = BuildState.load(stateFile.toPath(), generatorKey());
        List<Path> inputs;
        try (Stream<Path> walk = Files.walk(src)) {
            inputs = walk.filter(p -> p.toString().endsWith(".grad") && Files.isRegularFile(p)).sorted().toList();
        }
        Map<String, String> written = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        int compiled = 0;
        List<Job> jobs = jobs(src, inputs);
        for (Job job : jobs) {
            Path input = job.input();
            String key = job.key();
            String text = Files.readString(input, StandardCharsets.UTF_8);
            String hash = BuildState.hash(job.specialisation().isGeneric() ? text
                    : text + "\n// specialised to " + job.specialisation().text() + " as *" + job.specialisation().classSuffix());
            String previous = state.output(key, hash);
            if (previous != null && Files.exists(out.resolve(previous))) {
                claim(written, previous, key, errors);
                state.keep(key, hash, previous);
                continue;
            }
            SourceFile source = new SourceFile(input.toString(), text);
            Diagnostics diagnostics = new Diagnostics();
            ModuleIr module = Gradc.frontEnd(source, packageName, diagnostics, classes, job.specialisation());
            if (module == null || diagnostics.hasErrors()) {
                errors.add(new DiagnosticPrinter(Map.of(source.name(), source)).formatAll(diagnostics));
                continue;
            }
            // the passes and the emitter recurse over region nesting: a large stack, not the build thread's
            EmittedModule emitted = Gradc.onLargeStack(() -> emit(module, diagnostics), source, diagnostics);
            if (emitted == null) {
                errors.add(new DiagnosticPrinter(Map.of(source.name(), source)).formatAll(diagnostics));
                continue;
            }
            if (!claim(written, emitted.relativePath(), key, errors)) {
                continue;
            }
            Path target = out.resolve(emitted.relativePath()).normalize();
            if (!target.startsWith(out.normalize())) {
                throw new IOException("refusing to write " + target + " outside " + out);
            }
            writeIfChanged(target, emitted.source());
            state.keep(key, hash, emitted.relativePath());
            compiled++;
        }
        for (String stale : state.staleOutputs(written.keySet())) {
            Files.deleteIfExists(out.resolve(stale));
        }
        state.save();
        getLog().info("gradc: " + compiled + " compiled, " + (jobs.size() - compiled - errors.size())
                + " up to date, into " + out);
        if (!errors.isEmpty()) {
            // each diagnostic is logged once, here; the failure only sums up, since Maven prints it again
            for (String e : errors) {
                for (String line : e.split("\n")) {
                    getLog().error(line);
                }
            }
            throw new MojoFailureException("gradc: " + errors.size() + (errors.size() == 1 ? " file has" : " files have")
                    + " errors (reported above)");
        }
    }

    /** One class to generate: from the file at {@code input}, generic or specialised; {@code key} names it in the state. */
    private record Job(Path input, String key, dev.gradc.Specialisation specialisation) {
    }

    /**
     * The classes to generate, in file order: each file's generic class, unless a specialisation without a suffix
     * replaces it, then its specialisations in the order configured.
     */
    private List<Job> jobs(Path src, List<Path> inputs) throws MojoFailureException {
        Map<String, List<dev.gradc.Specialisation>> byFile = new LinkedHashMap<>();
        for (Specialisation s : specialisations) {
            dev.gradc.Specialisation form;
            try {
                form = s.compilerForm();
            } catch (IllegalArgumentException e) {
                throw new MojoFailureException("gradc: the specialisation of '" + s.file() + "': " + e.getMessage());
            }
            byFile.computeIfAbsent(s.file(), k -> new ArrayList<>()).add(form);
        }
        List<Job> jobs = new ArrayList<>();
        for (Path input : inputs) {
            String key = src.relativize(input).toString().replace(File.separatorChar, '/');
            List<dev.gradc.Specialisation> forms = byFile.remove(key);
            if (forms == null || forms.stream().allMatch(f -> !f.classSuffix().isEmpty())) {
                jobs.add(new Job(input, key, dev.gradc.Specialisation.NONE));
            }
            for (dev.gradc.Specialisation f : forms == null ? List.<dev.gradc.Specialisation>of() : forms) {
                jobs.add(new Job(input, key + "#" + f.text() + "#" + f.classSuffix(), f));
            }
        }
        if (!byFile.isEmpty()) {
            throw new MojoFailureException("gradc: a specialisation names '" + byFile.keySet().iterator().next()
                    + "', which is not a .grad file under " + sourceDirectory);
        }
        return jobs;
    }

    /**
     * The module's Java source; null when a derivative or the module's code is past its size limit, which is then
     * a diagnostic at the position the limit names, as the command line reports it.
     */
    private static EmittedModule emit(ModuleIr module, Diagnostics diagnostics) {
        try {
            return JavaEmitter.emit(module);
        } catch (DerivativeSize.TooLarge e) {
            diagnostics.error(e.at(), e.unpositioned());
            return null;
        }
    }

    /** Records that {@code output} comes from {@code input}; an error if another input makes the same class. */
    private static boolean claim(Map<String, String> written, String output, String input, List<String> errors) {
        String other = written.putIfAbsent(output, input);
        if (other != null && !other.equals(input)) {
            errors.add(input + ": error: makes class " + output + " that " + other + " makes too\n");
            return false;
        }
        return true;
    }

    /** Writes only when the text differs, so javac's own staleness check sees unchanged files as unchanged. */
    private static void writeIfChanged(Path target, String text) throws IOException {
        if (Files.exists(target) && Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, text, StandardCharsets.UTF_8);
    }

    /** What else decides the output: the package option and the compiler's own classes. */
    private String generatorKey() {
        Path compiler;
        try {
            compiler = Path.of(JavaEmitter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            compiler = null;
        }
        return BuildState.generator(packageName, compiler);
    }
}
