package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import dev.gradc.diag.SourceFile;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphDot;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.passes.Derivatives;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gradc graph FILE --fn F [--grad] [-o OUT.dot|OUT.svg]}: the graph IR (as optimised for compilation) in
 * Graphviz' dot language, forward and adjoint nodes told apart and regions drawn as clusters. Without {@code -o}
 * the dot text goes to standard output; {@code .svg} runs Graphviz' {@code dot} when it is installed.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Write the graph IR of a function, forward and adjoint nodes marked.")
final class GraphCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The .grad file.")
    String file;

    @Option(names = "--fn", required = true, paramLabel = "F", description = "The function.")
    String function;

    @Option(names = "--grad", description = "Include the adjoint nodes of the gradient (or VJP for a non-scalar output).")
    boolean grad;

    @Option(names = "-o", paramLabel = "OUT", description = "Output file, .dot or .svg.")
    String output;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return common.guard(this::run);
    }

    private int run() {
        if (output != null && !output.endsWith(".dot") && !output.endsWith(".svg")) {
            throw CommandError.usage(output.isBlank() ? CliMessages.emptyPath("-o") : CliMessages.graphOutputKind(output));
        }
        SourceFile source = Sources.read(file);
        ModuleIr module = Sources.compile(source, null, common.err(), common.classes(), java.util.Set.of(function));
        if (module == null) {
            return CommandError.INPUT;
        }
        FunctionIr f = Sources.function(module, function, file);
        List<String> reals = f.realParams();
        Graph g;
        String title;
        List<String> results = new java.util.ArrayList<>(List.of("value"));
        if (grad && !reals.isEmpty()) {
            boolean scalar = f.output() instanceof dev.gradc.ir.Type.Real r && r.isScalar();
            g = scalar ? Derivatives.gradient(f, reals) : Derivatives.vjp(f, reals);
            title = f.name() + ": value and " + (scalar ? "gradient" : "vector-Jacobian product");
            reals.forEach(p -> results.add((scalar ? "∂f/∂" : "vjp ") + p));
        } else {
            g = Derivatives.value(f);
            title = f.name() + ": value";
        }
        String dot = GraphDot.render(g, title + " (" + source.baseName() + ")", results);
        if (output == null) {
            common.out().print(dot);
            return 0;
        }
        String text = output.endsWith(".dot") ? dot : svg(dot, output);
        common.out().println(CliMessages.wrote(OutputFiles.writeFile("-o", output, text)));
        return 0;
    }

    /** The picture Graphviz' {@code dot} draws of the graph, as SVG text; an input error when it cannot. */
    private static String svg(String dot, String output) {
        Process p;
        try {
            p = new ProcessBuilder("dot", "-Tsvg").redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw CommandError.input(CliMessages.graphvizMissing(output));
        }
        try {
            CompletableFuture<byte[]> said = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(dot.getBytes(StandardCharsets.UTF_8));
            }
            String svg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                throw CommandError.input(CliMessages.graphvizFailed(
                        new String(said.join(), StandardCharsets.UTF_8).strip()));
            }
            return svg;
        } catch (IOException e) {
            throw CommandError.input(CliMessages.graphvizFailed(CliMessages.why(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandError.input(CliMessages.graphvizFailed("interrupted"));
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
