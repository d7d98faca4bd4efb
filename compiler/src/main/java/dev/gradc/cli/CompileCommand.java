package dev.gradc.cli;

import dev.gradc.Specialisation;
import dev.gradc.diag.CliMessages;
import dev.gradc.diag.SourceFile;
import dev.gradc.emit.EmittedModule;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.lower.ModuleIr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gradc compile FILE... -d DIR [--package P] [--size NAME=VALUE]... [--class-suffix S]}: write the generated Java sources, and nothing else, into
 * DIR (one file per module, in its package's folders). Every file is checked and every class generated first;
 * nothing is written when any has an error. Names are validated so that no module or package name can write
 * outside DIR, and {@link OutputFiles} never writes through a link that leaves it. Each written file is reported
 * on standard output as {@code wrote PATH}.
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
    SizeOptions sizes;

    @Option(names = "--class-suffix", paramLabel = "S",
            description = "Append S to every generated class name (a specialised class beside the generic one).")
    String classSuffix = "";

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return common.guard(this::run);
    }

    private int run() {
        if (directory.isBlank()) {
            throw CommandError.usage(CliMessages.emptyPath("-d"));
        }
        if (packageName != null && !packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw CommandError.usage(CliMessages.badPackage(packageName));
        }
        Specialisation specialisation = sizes.specialisation(classSuffix);
        List<ModuleIr> modules = new ArrayList<>();
        boolean failed = false;
        for (String file : files) {
            SourceFile source = Sources.read(file);
            ModuleIr module = Sources.compile(source, packageName, common.err(), common.classes(), specialisation);
            if (module == null) {
                failed = true;
            } else {
                modules.add(module);
            }
        }
        if (failed) {
            return CommandError.INPUT;
        }
        List<OutputFiles.Planned> planned = new ArrayList<>();
        Map<String, String> byLowerCase = new HashMap<>();
        for (ModuleIr m : modules) {
            EmittedModule e = JavaEmitter.emit(m);
            String other = byLowerCase.putIfAbsent(e.relativePath().toLowerCase(Locale.ROOT), e.qualifiedName());
            if (e.qualifiedName().equals(other)) {
                throw CommandError.input(CliMessages.duplicateClass(e.qualifiedName()));
            } else if (other != null) {
                throw CommandError.input(CliMessages.caseCollision(other, e.qualifiedName()));
            }
            planned.add(new OutputFiles.Planned(Path.of(e.relativePath()), e.source()));
        }
        for (String written : OutputFiles.write("-d", directory, planned)) {
            common.out().println(CliMessages.wrote(written));
        }
        return 0;
    }
}
