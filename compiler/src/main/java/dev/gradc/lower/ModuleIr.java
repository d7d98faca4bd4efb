package dev.gradc.lower;

import dev.gradc.diag.SourceFile;
import java.util.List;

/**
 * A module lowered to the IR: the Java package and class it becomes, its functions in source order, and the
 * class loader its extern functions' Java classes come from (null: gradc's own), and the sizes fixed at compile time
 * (empty for the generic build; a function declaring one of them was lowered with it as a number, and its
 * generated methods check that callers pass that number).
 */
public record ModuleIr(String packageName, String className, SourceFile source, List<FunctionIr> functions,
                       ClassLoader classes, java.util.SortedMap<String, Integer> boundSizes) {

    public ModuleIr {
        functions = List.copyOf(functions);
        boundSizes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(boundSizes));
    }

    public ModuleIr(String packageName, String className, SourceFile source, List<FunctionIr> functions,
                    ClassLoader classes) {
        this(packageName, className, source, functions, classes, new java.util.TreeMap<>());
    }

    public ModuleIr(String packageName, String className, SourceFile source, List<FunctionIr> functions) {
        this(packageName, className, source, functions, null);
    }

    /** The same module with other functions (more requests), the same classes and bound sizes. */
    public ModuleIr with(List<FunctionIr> other) {
        return new ModuleIr(packageName, className, source, other, classes, boundSizes);
    }

    public FunctionIr function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
