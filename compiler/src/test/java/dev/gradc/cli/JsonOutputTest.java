package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * What {@code --json} prints is JSON that a strict parser reads, whatever the numbers (NaN and the infinities are
 * the strings "NaN", "Infinity", "-Infinity"), and reads back through {@code --arg} and {@code --vjp} as the same
 * doubles, bit for bit.
 */
class JsonOutputTest {

    private static final String IDENTITY = "fn f<N>(x: real[N]) -> real[N] { return x; }\n";

    @Provide
    Arbitrary<List<Double>> anyDoubles() {
        Arbitrary<Double> special = Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 0.1);
        Arbitrary<Double> bits = Arbitraries.longs().map(Double::longBitsToDouble);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, special), net.jqwik.api.Tuple.of(2, bits),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles())).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 100)
    void runJsonParsesAndReadsBackThroughArgAndVjp(@ForAll("anyDoubles") List<Double> xs) throws IOException {
        Path dir = Files.createTempDirectory("json");
        try {
            Path file = Files.writeString(dir.resolve("id.grad"), IDENTITY);
            String given = Output.format(new dev.gradc.ops.NDArray(xs.stream().mapToDouble(d -> d).toArray(),
                    new int[] {xs.size()}), true);
            assertEquals(xs.size(), ((List<?>) StrictJson.parse(given)).size(), given);
            Cli.Result r = Cli.run("run", file.toString(), "--fn", "f", "--arg", "x=" + given, "--vjp", given,
                    "--engine", "interpreter", "--json");
            assertEquals(0, r.code(), r::toString);
            Map<?, ?> out = (Map<?, ?>) StrictJson.parse(r.out());
            assertSame(xs, (List<?>) out.get("value"), r.out());
            assertSame(xs, (List<?>) ((Map<?, ?>) out.get("gradient")).get("x"), r.out());
        } finally {
            for (Path p : List.of(dir.resolve("id.grad"), dir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Each JSON element stands for the same double as the expected one (any NaN for NaN, -0.0 kept). */
    private static void assertSame(List<Double> expected, List<?> actual, String context) {
        assertEquals(expected.size(), actual.size(), context);
        for (int i = 0; i < expected.size(); i++) {
            Object a = actual.get(i);
            double got = a instanceof String s ? Double.parseDouble(s) : (Double) a;
            assertEquals(0, Double.compare(expected.get(i), got), context);
        }
    }

    @Test
    void nanAndInfinitiesAreStringsThatArgReadsBack() {
        assertEquals("[\"NaN\", \"Infinity\", \"-Infinity\", -0.0]", Output.format(new dev.gradc.ops.NDArray(
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0}, new int[] {4}),
                true));
        for (String text : List.of("[\"NaN\", \"Infinity\", \"-Infinity\"]", "[NaN, Infinity, -Infinity]")) {
            double[] d = parse(text);
            assertTrue(Double.isNaN(d[0]) && d[1] == Double.POSITIVE_INFINITY && d[2] == Double.NEGATIVE_INFINITY);
        }
        assertThrows(Values.Malformed.class, () -> Values.parse("[\"NaN]"));
        assertThrows(Values.Malformed.class, () -> Values.parse("nan"));
    }

    @Test
    void compareJsonIsStrictJsonEvenWhenErrorsAndDerivativesAreNaN() throws IOException {
        Path dir = Files.createTempDirectory("json");
        Path file = Files.writeString(dir.resolve("root.grad"), "fn f(x: real) -> real { return sqrt(x); }\n");
        Cli.Result r = Cli.run("compare", file.toString(), "--fn", "f", "--arg", "x=0", "--json");
        assertEquals(0, r.code(), r::toString);
        Map<?, ?> out = (Map<?, ?>) StrictJson.parse(r.out());
        assertTrue(((String) out.get("errorMetric")).contains("|a - b| / max(1, |b|)"), r.out());
        List<?> rows = (List<?>) out.get("rows");
        Map<?, ?> compiled = (Map<?, ?>) rows.get(0);
        assertEquals("Infinity", ((Map<?, ?>) compiled.get("derivative")).get("x"), r.out());
        Map<?, ?> central = (Map<?, ?>) rows.get(rows.size() - 2);
        assertEquals("central differences", central.get("engine"));
        assertEquals("NaN", ((Map<?, ?>) central.get("derivative")).get("x"), "sqrt(-h) is NaN: " + r.out());
        assertEquals("Infinity", central.get("maxError"), r.out());
    }

    @Test
    void aZeroReferenceGivesAnAbsoluteErrorNotAHugeRatio() {
        dev.gradc.ops.NDArray zero = new dev.gradc.ops.NDArray(new double[] {0.0, 200.0}, new int[] {2});
        dev.gradc.ops.NDArray near = new dev.gradc.ops.NDArray(new double[] {1e-9, 202.0}, new int[] {2});
        assertEquals(0.01, CompareCommand.mixed(near, zero), 1e-15, "max(1e-9 absolute, 2/200 relative)");
        dev.gradc.ops.NDArray tiny = new dev.gradc.ops.NDArray(new double[] {3e-9, 200.0}, new int[] {2});
        assertEquals(3e-9, CompareCommand.mixed(tiny, new dev.gradc.ops.NDArray(new double[] {0, 200}, new int[] {2})),
                1e-24);
    }

    private static double[] parse(String text) {
        try {
            return ((dev.gradc.ops.NDArray) Values.parse(text)).data();
        } catch (Values.Malformed e) {
            throw new AssertionError(e);
        }
    }
}
