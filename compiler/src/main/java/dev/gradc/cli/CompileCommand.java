package dev.gradc.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gradc compile FILE... -d DIR [--package P]}: write the generated Java sources into DIR. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Write the generated Java sources of .grad files into a directory.")
final class CompileCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .grad files to compile.")
    List<String> files;

    @Option(names = "-d", required = true, paramLabel = "DIR", description = "Output directory for Java sources.")
    String directory;

    @Option(names = "--package", paramLabel = "P", description = "Java package instead of the module's.")
    String packageName;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return CommonOptions.Unavailable.report(common, "compile");
    }
}
