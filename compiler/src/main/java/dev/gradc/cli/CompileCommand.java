package dev.gradc.cli;

import dev.gradc.diag.Messages;
import dev.gradc.diag.SourceFile;
import dev.gradc.emit.EmittedModule;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.lower.ModuleIr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gradc compile FILE... -d DIR [--package P]}: write the generated Java sources, and nothing else, into
 * DIR (one file per module, in its package's folders). Every file is checked first; nothing is written when any
 * has an error. Names are validated so that no module or package name can write outside DIR.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Write the generated Java sources of .grad files into a directory.")
final class CompileCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .grad files to compile.")
    List<String> files;

    @Option(names = "-d", required = true, paramLabel = "DIR", description = "Output directory for Java sources.")
    String directory;

    @Option(names = "--package", paramLabel = "P", description = "Java package instead of the module's.")
    String packageName;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return common.guard(this::run);
    }

    private int run() {
        if (packageName != null && !packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw CommandError.usage(Messages.badPackage(packageName));
        }
        List<ModuleIr> modules = new ArrayList<>();
        boolean failed = false;
        for (String file : files) {
            SourceFile source = Sources.read(file);
            ModuleIr module = Sources.compile(source, packageName, common.err());
            if (module == null) {
                failed = true;
            } else {
                modules.add(module);
            }
        }
        if (failed) {
            return CommandError.INPUT;
        }
        Path root = Path.of(directory).toAbsolutePath().normalize();
        List<EmittedModule> emitted = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ModuleIr m : modules) {
            EmittedModule e = JavaEmitter.emit(m);
            if (names.contains(e.qualifiedName())) {
                throw CommandError.input(Messages.duplicateClass(e.qualifiedName()));
            }
            names.add(e.qualifiedName());
            emitted.add(e);
        }
        for (EmittedModule e : emitted) {
            Path out = root.resolve(e.relativePath()).normalize();
            if (!out.startsWith(root)) {
                throw CommandError.input(Messages.outsideDirectory(e.qualifiedName(), directory));
            }
            try {
                Files.createDirectories(out.getParent());
                Files.writeString(out, e.source(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw CommandError.input(Messages.cannotWrite(out.toString(), String.valueOf(ex.getMessage())));
            }
            common.out().println(out);
        }
        return 0;
    }
}
