package dev.gradc.cli;

import dev.gradc.diag.SourceFile;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gradc check FILE...}: parse, type and shape check every file; diagnostics only. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Parse and type/shape check .grad files; print diagnostics only.")
final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .grad files to check.")
    List<String> files;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        int worst = 0;
        for (String file : files) {
            worst = Math.max(worst, common.guard(() -> {
                SourceFile source = Sources.read(file);
                return Sources.compile(source, null, common.err(), common.classes(), java.util.Set.of()) == null ? CommandError.INPUT : 0;
            }));
        }
        return worst;
    }
}
