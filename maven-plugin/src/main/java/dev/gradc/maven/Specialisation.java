package dev.gradc.maven;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code <specialisation>} of the goal's configuration: a {@code .grad} file (relative to the source
 * directory), sizes bound to numbers, and the suffix of the specialised class's name. With a suffix, the class is
 * generated beside the file's generic class; without one it replaces it.
 *
 * <pre>{@code
 * <specialisation>
 *   <file>bench/Lstm.grad</file>
 *   <sizes><H>16</H><L>2</L></sizes>
 *   <classSuffix>Fixed</classSuffix>
 * </specialisation>
 * }</pre>
 */
public final class Specialisation {

    /** The file, relative to the source directory, with {@code /} between folders. */
    private String file;
    /** Size name to value. */
    private Map<String, String> sizes = new LinkedHashMap<>();
    /** Appended to the module's class name; empty: the specialised class replaces the generic one. */
    private String classSuffix = "";

    public Specialisation() {
    }

    Specialisation(String file, Map<String, String> sizes, String classSuffix) {
        this.file = file;
        this.sizes = new LinkedHashMap<>(sizes);
        this.classSuffix = classSuffix;
    }

    String file() {
        return file == null ? "" : file.replace('\\', '/');
    }

    String classSuffix() {
        return classSuffix == null ? "" : classSuffix.trim();
    }

    /**
     * The compiler's form of this specialisation.
     *
     * @throws IllegalArgumentException saying which binding is wrong (a value that is not a positive int, ...)
     */
    dev.gradc.Specialisation compilerForm() {
        Map<String, Integer> bound = new LinkedHashMap<>();
        if (sizes != null) {
            sizes.forEach((name, value) -> dev.gradc.Specialisation.bind(name, value == null ? "" : value.trim(), bound));
        }
        if (bound.isEmpty()) {
            throw new IllegalArgumentException("binds no size: give <sizes><NAME>VALUE</NAME></sizes>");
        }
        return new dev.gradc.Specialisation(bound, classSuffix());
    }
}
