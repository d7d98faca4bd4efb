package dev.gradc.lower;

import dev.gradc.diag.SourceFile;
import java.util.List;

/**
 * A module lowered to the IR: the Java package and class it becomes, its functions in source order, and the
 * class loader its extern functions' Java classes come from (null: gradc's own).
 */
public record ModuleIr(String packageName, String className, SourceFile source, List<FunctionIr> functions,
                       ClassLoader classes) {

    public ModuleIr {
        functions = List.copyOf(functions);
    }

    public ModuleIr(String packageName, String className, SourceFile source, List<FunctionIr> functions) {
        this(packageName, className, source, functions, null);
    }

    /** The same module with other functions (more requests), the same classes. */
    public ModuleIr with(List<FunctionIr> other) {
        return new ModuleIr(packageName, className, source, other, classes);
    }

    public FunctionIr function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
