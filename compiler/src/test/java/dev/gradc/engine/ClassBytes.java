package dev.gradc.engine;

import dev.gradc.emit.EmittedModule;
import java.util.Map;

/** Test access to the class files javac makes of generated source, and to loading them once compiled. */
public final class ClassBytes {

    private ClassBytes() {
    }

    /** Class name to class file. */
    public static Map<String, byte[]> of(EmittedModule emitted) {
        return InMemoryJavac.compile(emitted.qualifiedName(), emitted.source());
    }

    public static CompiledModule load(EmittedModule emitted, Map<String, byte[]> classes) {
        return CompiledModule.load(emitted, classes);
    }
}
