package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The engines {@code --engine} can choose, as an explicit list. An engine of the language (LANGUAGE.md §4) that
 * this build does not have yet is reported as not available.
 */
final class Engines {

    /** Every engine name the language defines. */
    static final List<String> NAMES = List.of("compiled", "tape", "interpreter");

    /** The engine used without {@code --engine}. */
    static final String DEFAULT = "compiled";

    private static final Map<String, Supplier<Engine>> AVAILABLE = new LinkedHashMap<>();

    static {
        AVAILABLE.put("compiled", CompiledEngine::new);
        AVAILABLE.put("interpreter", InterpreterEngine::new);
        AVAILABLE.put("tape", TapeCliEngine::new);
    }

    private Engines() {
    }

    static Engine get(String name) {
        if (!NAMES.contains(name)) {
            throw CommandError.usage(CliMessages.unknownEngine(name, NAMES));
        }
        Supplier<Engine> engine = AVAILABLE.get(name);
        if (engine == null) {
            throw CommandError.usage(CliMessages.engineUnavailable(name));
        }
        return engine.get();
    }
}
