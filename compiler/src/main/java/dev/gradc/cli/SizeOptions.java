package dev.gradc.cli;

import dev.gradc.Specialisation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --size NAME=VALUE}, repeatable, shared by {@code compile}, {@code run} and {@code compare}: sizes built into
 * the program as constants ({@link Specialisation}), so every dimension and trip count derived from them is a number
 * for the passes and the emitter. A malformed binding, or a name bound twice to different values, is a usage error;
 * a name no function of the file declares is an error of the file (the front end reports it).
 */
final class SizeOptions {

    @Option(names = "--size", paramLabel = "NAME=VALUE",
            description = "Specialise: build size NAME into the code as VALUE (repeatable). The methods keep their "
                    + "size parameters and throw IllegalArgumentException for another value; run and compare "
                    + "check the arguments' shapes against it.")
    List<String> sizes = new ArrayList<>();

    /** The bindings, with the class name's {@code suffix}. */
    Specialisation specialisation(String suffix) {
        Map<String, Integer> bound = new LinkedHashMap<>();
        try {
            sizes.forEach(b -> Specialisation.parse(b, bound));
            return new Specialisation(bound, suffix);
        } catch (IllegalArgumentException e) {
            throw CommandError.usage(e.getMessage());
        }
    }
}
