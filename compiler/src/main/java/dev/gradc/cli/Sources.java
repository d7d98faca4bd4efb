package dev.gradc.cli;

import dev.gradc.Gradc;
import dev.gradc.Specialisation;
import dev.gradc.diag.CliMessages;
import dev.gradc.diag.DiagnosticPrinter;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.lower.ModuleIr;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reading {@code .grad} files named on the command line and compiling them, printing their diagnostics. */
final class Sources {

    private Sources() {
    }

    /** The file's text, reported under the name the user gave; a missing file is a usage error. */
    static SourceFile read(String name) {
        Path path = Path.of(name);
        if (!Files.exists(path)) {
            throw CommandError.usage(CliMessages.fileNotFound(name));
        }
        if (!Files.isRegularFile(path)) {
            throw CommandError.usage(CliMessages.notAFile(name));
        }
        try {
            return new SourceFile(name, Files.readString(path));
        } catch (CharacterCodingException e) {
            throw CommandError.input(CliMessages.cannotRead(name, "not UTF-8 text"));
        } catch (IOException e) {
            throw CommandError.input(CliMessages.cannotRead(name, CliMessages.why(e)));
        }
    }

    /** Function {@code name} of a module read from {@code file}; an input error naming the functions there if none. */
    static dev.gradc.lower.FunctionIr function(ModuleIr module, String name, String file) {
        dev.gradc.lower.FunctionIr f = module.function(name);
        if (f == null) {
            throw CommandError.input(CliMessages.noSuchFunction(name, file,
                    module.functions().stream().map(dev.gradc.lower.FunctionIr::name).toList()));
        }
        return f;
    }

    /** The module's IR, or null after printing its diagnostics to {@code err}. */
    static ModuleIr compile(SourceFile source, String packageOverride, PrintWriter err, ClassLoader classes) {
        return compile(source, packageOverride, err, classes, Specialisation.NONE);
    }

    /** Like {@link #compile(SourceFile, String, PrintWriter, ClassLoader)}, specialised (see {@link Specialisation}). */
    static ModuleIr compile(SourceFile source, String packageOverride, PrintWriter err, ClassLoader classes,
                            Specialisation specialisation) {
        Diagnostics diagnostics = new Diagnostics();
        return printed(source, diagnostics, Gradc.frontEnd(source, packageOverride, diagnostics, classes, specialisation),
                err);
    }

    /**
     * Like {@link #compile(SourceFile, String, PrintWriter, ClassLoader)}, lowering only the functions in {@code only}
     * (null: all) after checking every function once; see {@link Gradc#frontEnd(SourceFile, String, Diagnostics,
     * ClassLoader, java.util.Set)}.
     */
    static ModuleIr compile(SourceFile source, String packageOverride, PrintWriter err, ClassLoader classes,
                            java.util.Set<String> only) {
        return compile(source, packageOverride, err, classes, only, Specialisation.NONE);
    }

    /** Like {@link #compile(SourceFile, String, PrintWriter, ClassLoader, java.util.Set)}, specialised. */
    static ModuleIr compile(SourceFile source, String packageOverride, PrintWriter err, ClassLoader classes,
                            java.util.Set<String> only, Specialisation specialisation) {
        Diagnostics diagnostics = new Diagnostics();
        return printed(source, diagnostics, Gradc.frontEnd(source, packageOverride, diagnostics, classes, only,
                specialisation), err);
    }

    /** The module, or null after printing the diagnostics to {@code err}. */
    private static ModuleIr printed(SourceFile source, Diagnostics diagnostics, ModuleIr module, PrintWriter err) {
        if (module == null && !diagnostics.hasErrors()) {
            throw new IllegalStateException("the front end gave no module and no diagnostic for " + source.name());
        }
        if (diagnostics.hasErrors() || module == null) {
            err.print(new DiagnosticPrinter(Map.of(source.name(), source)).formatAll(diagnostics));
            err.flush();
            return null;
        }
        return module;
    }
}
