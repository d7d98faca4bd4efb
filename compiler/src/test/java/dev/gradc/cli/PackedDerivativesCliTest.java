package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --hessian}, {@code --jacobian} and {@code --hvp} of functions with more parameters than a Java
 * method takes (130 scalars are 260 of the JVM's 255 slots; the Hessian's helper takes 520): the compiled
 * engine passes them packed and prints what the interpreter prints.
 */
class PackedDerivativesCliTest {

    private static final int N = 130;

    @TempDir
    Path dir;

    /** f = Σ (i+1)/2 · p_i² + p0 · p1 (Hessian: i+1 on the diagonal, 1 at (0, 1)); g = [p0 · p2, Σ p_i]. */
    private String file() {
        String params = IntStream.range(0, N).mapToObj(i -> "p" + i + ": real").collect(Collectors.joining(", "));
        String sum = IntStream.range(0, N).mapToObj(i -> (i + 1) * 0.5 + " * p" + i + " * p" + i)
                .collect(Collectors.joining(" + "));
        String plain = IntStream.range(0, N).mapToObj(i -> "p" + i).collect(Collectors.joining(" + "));
        return Cli.write(dir, "packed.grad", "fn f(" + params + ") -> real {\n  return " + sum + " + p0 * p1;\n}\n"
                + "fn g(" + params + ") -> real[2] {\n  return [p0 * p2, " + plain + "];\n}\n");
    }

    private Cli.Result run(String file, String fn, String engine, String... flags) {
        List<String> args = new ArrayList<>(List.of("run", file, "--fn", fn, "--engine", engine, "--json"));
        IntStream.range(0, N).forEach(i -> args.addAll(List.of("--arg", "p" + i + "=" + (0.25 + 0.01 * i))));
        args.addAll(List.of(flags));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void theHessianJacobianAndHvpOfPackedParametersPrintWhatTheInterpreterPrints() {
        String file = file();
        String[][] requests = {{"f", "--hessian"}, {"g", "--jacobian"}, {"f", "--hvp", "p0=1", "p1=2", "p129=0.5"}};
        for (String[] r : requests) {
            String[] flags = java.util.Arrays.copyOfRange(r, 1, r.length);
            Cli.Result compiled = run(file, r[0], "compiled", flags);
            Cli.Result interpreter = run(file, r[0], "interpreter", flags);
            assertEquals(0, compiled.code(), compiled.toString());
            assertEquals(0, interpreter.code(), interpreter.toString());
            assertEquals(interpreter.out(), compiled.out(), r[1]);
        }
        String h = run(file, "f", "compiled", "--hessian").out();
        String rows = h.substring(h.indexOf("\"hessian\": ") + 11);
        // row 0 starts with H00 = 1, H01 = 1 (the p0 · p1 term), then zeros
        assertTrue(rows.replace(" ", "").startsWith("[[1.0,1.0,0.0"), rows.substring(0, 40));
    }
}
