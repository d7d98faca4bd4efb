package dev.gradc;

import dev.gradc.check.ModuleChecker;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.SourceFile;
import dev.gradc.diag.Span;
import dev.gradc.lower.Lowering;
import dev.gradc.lower.ModuleIr;
import dev.gradc.syntax.Ast;
import dev.gradc.syntax.Parser;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The compiler's entry point for programs: parses, checks and lowers a {@code .grad} file to the graph IR.
 * Work runs on a thread with a large stack, so deeply nested programs get an answer, not a
 * StackOverflowError.
 */
public final class Gradc {

    private static final long STACK_BYTES = 1L << 30;

    private Gradc() {
    }

    /** Parse, check and lower; null (with diagnostics) when the program has errors. */
    public static ModuleIr frontEnd(SourceFile source, String packageOverride, Diagnostics diagnostics) {
        return frontEnd(source, packageOverride, diagnostics, Gradc.class.getClassLoader());
    }

    /** Like {@link #frontEnd(SourceFile, String, Diagnostics)}; the classes of extern functions come from loader. */
    public static ModuleIr frontEnd(SourceFile source, String packageOverride, Diagnostics diagnostics,
                                    ClassLoader loader) {
        return frontEnd(source, packageOverride, diagnostics, loader, Specialisation.NONE);
    }

    /**
     * Like {@link #frontEnd(SourceFile, String, Diagnostics, ClassLoader)}, but when {@code only} is not null every
     * function is checked once without inlining its calls and only the functions it names (and those differentiated
     * inside the program) are lowered: what {@code check} (nothing lowered) and commands running one function need.
     */
    public static ModuleIr frontEnd(SourceFile source, String packageOverride, Diagnostics diagnostics,
                                    ClassLoader loader, java.util.Set<String> only) {
        return frontEnd(source, packageOverride, diagnostics, loader, only, Specialisation.NONE);
    }

    /**
     * Like {@link #frontEnd(SourceFile, String, Diagnostics, ClassLoader)}, with the sizes {@code specialisation}
     * binds folded into every function that declares them, and its suffix on the class name. A bound name that no
     * function of the file declares is an error; so is a binding that makes a declared dimension less than 1
     * (reported at the dimension).
     */
    public static ModuleIr frontEnd(SourceFile source, String packageOverride, Diagnostics diagnostics,
                                    ClassLoader loader, Specialisation specialisation) {
        return frontEnd(source, packageOverride, diagnostics, loader, null, specialisation);
    }

    /**
     * Like {@link #frontEnd(SourceFile, String, Diagnostics, ClassLoader, java.util.Set)} and {@link
     * #frontEnd(SourceFile, String, Diagnostics, ClassLoader, Specialisation)} at once: only the functions in
     * {@code only} lowered (null: all), with the sizes {@code specialisation} binds.
     */
    public static ModuleIr frontEnd(SourceFile source, String packageOverride, Diagnostics diagnostics,
                                    ClassLoader loader, java.util.Set<String> only, Specialisation specialisation) {
        return onLargeStack(() -> {
            Ast.Module module = Parser.parse(source, diagnostics);
            if (module == null) {
                return null;
            }
            ModuleChecker.check(module, diagnostics);
            if (diagnostics.hasErrors() || !boundSizesDeclared(module, source, specialisation, diagnostics)) {
                return null;
            }
            String[] names = ModuleNames.of(module.qualifiedName(), source.baseName(), packageOverride);
            String cls = names[1] + specialisation.classSuffix();
            return trimmed(only == null ? Lowering.lower(module, source, names[0], cls, diagnostics, loader,
                    specialisation.sizes())
                    : Lowering.lower(module, source, names[0], cls, diagnostics, loader, only, specialisation.sizes()));
        }, source, diagnostics);
    }

    /**
     * The module with each function's whole-row elimination updates trimmed to the columns read again
     * ({@link dev.gradc.passes.DeadColumns}): here, before every engine and every derivative pass reads the graph.
     */
    private static ModuleIr trimmed(ModuleIr m) {
        if (m == null) {
            return null;
        }
        java.util.List<dev.gradc.lower.FunctionIr> out = new java.util.ArrayList<>();
        boolean changed = false;
        for (dev.gradc.lower.FunctionIr f : m.functions()) {
            dev.gradc.ir.Graph g = dev.gradc.passes.DeadColumns.apply(f.graph());
            changed |= g != f.graph();
            out.add(g == f.graph() ? f
                    : new dev.gradc.lower.FunctionIr(f.name(), f.sizes(), f.params(), f.output(), g, f.requests(), f.span()));
        }
        return changed ? m.with(out) : m;
    }

    /** Whether every size the specialisation binds is declared by a function of the module; an error if not. */
    private static boolean boundSizesDeclared(Ast.Module module, SourceFile source, Specialisation specialisation,
                                              Diagnostics diagnostics) {
        java.util.Set<String> declared = new java.util.TreeSet<>();
        module.functions().forEach(f -> f.sizes().forEach(s -> declared.add(s.name())));
        boolean ok = true;
        for (String name : specialisation.sizes().keySet()) {
            if (!declared.contains(name)) {
                diagnostics.error(new Span(source.name(), 0, 0, 0, 0),
                        dev.gradc.diag.CliMessages.unknownBoundSize(name, declared));
                ok = false;
            }
        }
        return ok;
    }

    /**
     * Compiles a program in memory — front end, derivatives, Java source, javac — and loads it, for use from
     * Java without a build step. The module is named by its {@code module} line, else {@code Input}.
     *
     * @throws IllegalArgumentException with the diagnostics ({@code FILE:LINE:COL: error: …}) if the program has errors
     */
    public static dev.gradc.engine.CompiledModule compile(String source) {
        return compile(new SourceFile("input.grad", source));
    }

    /** Like {@link #compile(String)}, for a source file (its name appears in diagnostics and comments). */
    public static dev.gradc.engine.CompiledModule compile(SourceFile source) {
        return compile(source, null);
    }

    /**
     * Like {@link #compile(SourceFile)}, for a program whose {@code extern fn} methods are in classes that
     * {@code classes} loads (null: gradc's own class loader); the compiled module is loaded as its child.
     */
    public static dev.gradc.engine.CompiledModule compile(SourceFile source, ClassLoader classes) {
        return compile(source, classes, Specialisation.NONE);
    }

    /**
     * Like {@link #compile(SourceFile, ClassLoader)}, specialised to the sizes {@code specialisation} binds (see
     * {@link Specialisation}); the class is named with its suffix.
     */
    public static dev.gradc.engine.CompiledModule compile(SourceFile source, ClassLoader classes,
                                                          Specialisation specialisation) {
        Diagnostics diagnostics = new Diagnostics();
        ModuleIr module = frontEnd(source, null, diagnostics, classes != null ? classes : Gradc.class.getClassLoader(),
                specialisation);
        if (module == null || diagnostics.hasErrors()) {
            throw new IllegalArgumentException(new dev.gradc.diag.DiagnosticPrinter(
                    java.util.Map.of(source.name(), source)).formatAll(diagnostics));
        }
        // the passes and the emitter recurse over region nesting: give them the same large stack
        dev.gradc.emit.EmittedModule emitted = onLargeStack(() -> dev.gradc.emit.JavaEmitter.emit(module), source,
                diagnostics);
        if (emitted == null) {
            throw new IllegalArgumentException(new dev.gradc.diag.DiagnosticPrinter(
                    java.util.Map.of(source.name(), source)).formatAll(diagnostics));
        }
        return dev.gradc.engine.CompiledModule.load(emitted, classes);
    }

    /** {@link #compile(SourceFile, ClassLoader)} of a program given as text (named input.grad). */
    public static dev.gradc.engine.CompiledModule compile(String source, ClassLoader classes) {
        return compile(new SourceFile("input.grad", source), classes);
    }

    /** Runs {@code work} on a thread with a 1 GiB stack; a stack overflow becomes a diagnostic. */
    public static <T> T onLargeStack(Supplier<T> work, SourceFile source, Diagnostics diagnostics) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.get());
            } catch (StackOverflowError e) {
                diagnostics.error(Span.point(source.name(), 1, 1), Messages.nestedTooDeeply());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "gradc-compiler", STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return result.get();
    }
}
