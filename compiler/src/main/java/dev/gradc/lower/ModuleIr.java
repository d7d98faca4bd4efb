package dev.gradc.lower;

import dev.gradc.diag.SourceFile;
import java.util.List;

/** A module lowered to the IR: the Java package and class it becomes, and its functions in source order. */
public record ModuleIr(String packageName, String className, SourceFile source, List<FunctionIr> functions) {

    public ModuleIr {
        functions = List.copyOf(functions);
    }

    public FunctionIr function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
