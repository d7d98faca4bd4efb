package dev.gradc.bench.ratios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    /** One JMH JSON entry of {@code dev.gradc.bench.CLASS.METHOD} with five iterations of {@code nanos}. */
    private static String entry(String benchmark, double nanos, String iteration) {
        String raw = (nanos + ", ").repeat(4) + nanos;
        return "{\"benchmark\": \"dev.gradc.bench." + benchmark + "\", \"mode\": \"avgt\", \"forks\": 1,"
                + " \"jdkVersion\": \"17\", \"vmName\": \"VM\", \"vmVersion\": \"17\", \"warmupIterations\": 5,"
                + " \"warmupTime\": \"" + iteration + "\", \"measurementIterations\": 5, \"measurementTime\": \""
                + iteration + "\", \"primaryMetric\": {\"score\": " + nanos + ", \"scoreUnit\": \"ns/op\","
                + " \"rawData\": [[" + raw + "]]}}";
    }

    private static RunResults run(String iteration) {
        return RunResults.fromJson("[" + String.join(",\n", List.of(
                entry("PolyBenchmark.handwrittenGradient", 10, iteration),
                entry("PolyBenchmark.generatedValue", 5, iteration),
                entry("PolyBenchmark.generatedGradient", 13, iteration),
                entry("LstmBenchmark.handwrittenGradient", 3000, iteration),
                entry("LstmBenchmark.generatedValue", 1100, iteration),
                entry("LstmBenchmark.generatedGradient", 3600, iteration),
                entry("LstmBenchmark.handwrittenGradientDefaultJvm", 3000, iteration),
                entry("LstmBenchmark.generatedGradientDefaultJvm", 7200, iteration))) + "]");
    }

    private static String rowOf(String table, String program) {
        return table.lines().filter(l -> l.startsWith("| " + program + " |")).findFirst().orElseThrow();
    }

    @Test
    void everyProgramWithItsOwnTargetsAndTheDefaultJvmColumnForTheArrayPrograms() {
        String table = SummaryTable.render(run("1 s"));
        // the six programs' targets are 1.2 and 3, the array programs' 1.3 and 4
        assertEquals("| Poly | 13.0 ns | 1.30 ✗ (≤ 1.20) | 2.60 ✓ (≤ 3.00) | — |", rowOf(table, "Poly"));
        assertEquals("| Lstm | 3.60 µs | 1.20 ✓ (≤ 1.30) | 3.27 ✓ (≤ 4.00) | 2.40 |", rowOf(table, "Lstm"));
        assertEquals("| Rk4 | — | — | — | — |", rowOf(table, "Rk4"));
        assertEquals(12, table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| program")).count(), table);
    }

    @Test
    void aQuickRunGivesNoVerdictsAndARunWithoutGradientsNoTable() {
        String table = SummaryTable.render(run("200 ms"));
        assertTrue(rowOf(table, "Lstm").startsWith("| Lstm | 3.60 µs | 1.20 (≤ 1.30) not measured |"), table);
        assertTrue(!table.contains("✓") && !table.contains("✗"), table);
        assertEquals("", SummaryTable.render(RunResults.fromJson("[]")));
    }
}
