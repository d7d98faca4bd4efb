package dev.gradc.bench.ratios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramsTableTest {

    /** One JMH JSON entry of {@code dev.gradc.bench.CLASS.METHOD} with five iterations of {@code nanos}. */
    private static String entry(String benchmark, double nanos, String iteration) {
        String raw = (nanos + ", ").repeat(4) + nanos;
        return "{\"benchmark\": \"dev.gradc.bench." + benchmark + "\", \"mode\": \"avgt\", \"forks\": 1,"
                + " \"jdkVersion\": \"17\", \"vmName\": \"VM\", \"vmVersion\": \"17\", \"warmupIterations\": 5,"
                + " \"warmupTime\": \"" + iteration + "\", \"measurementIterations\": 5, \"measurementTime\": \""
                + iteration + "\", \"primaryMetric\": {\"score\": " + nanos + ", \"scoreUnit\": \"ns/op\","
                + " \"rawData\": [[" + raw + "]]}}";
    }

    private static RunResults lstm(String iteration) {
        List<String> entries = new ArrayList<>(List.of(
                entry("LstmBenchmark.handwrittenValue", 1000, iteration),
                entry("LstmBenchmark.handwrittenGradient", 3000, iteration),
                entry("LstmBenchmark.generatedValue", 1100, iteration),
                entry("LstmBenchmark.generatedGradient", 3600, iteration),
                entry("LstmBenchmark.generatedGradientDefaultJvm", 7200, iteration)));
        return RunResults.fromJson("[" + String.join(",\n", entries) + "]");
    }

    private static String rowOf(String table, String program, int which) {
        return table.lines().filter(l -> l.startsWith("| " + program + " |")).skip(which).findFirst().orElseThrow();
    }

    @Test
    void timesAndRatiosWithVerdictsAndTheDefaultJvmColumns() throws IOException {
        String table = ProgramsTable.render(lstm("1 s"));
        assertEquals("| Lstm | 1.00 µs | 3.00 µs | 1.10 µs | 3.60 µs | — | 7.20 µs |", rowOf(table, "Lstm", 0));
        assertEquals("| Lstm | 1.20 (1.20–1.20) ✓ | 3.27 (3.27–3.27) ✓ | — | 2.00 (2.00–2.00) |", rowOf(table, "Lstm", 1));
        assertEquals("| Rk4 | — | — | — | — |", rowOf(table, "Rk4", 1));
    }

    @Test
    void theSpecialisedLstmHasARowOfItsOwnAgainstTheSameHandWrittenCode() {
        List<String> entries = List.of(
                entry("LstmBenchmark.handwrittenValue", 1000, "1 s"),
                entry("LstmBenchmark.handwrittenGradient", 3000, "1 s"),
                entry("LstmBenchmark.generatedValue", 1100, "1 s"),
                entry("LstmBenchmark.generatedGradient", 4500, "1 s"),
                entry("LstmBenchmark.specialisedValue", 1000, "1 s"),
                entry("LstmBenchmark.specialisedGradient", 3300, "1 s"));
        String table = ProgramsTable.render(RunResults.fromJson("[" + String.join(",\n", entries) + "]"));
        assertEquals("| Lstm | 1.50 (1.50–1.50) ✗ (target ≤ 1.30) | 4.09 (4.09–4.09) ✗ (target ≤ 4.00) | — | — |",
                rowOf(table, "Lstm", 1));
        assertEquals("| Lstm, specialised | 1.10 (1.10–1.10) ✓ | 3.30 (3.30–3.30) ✓ | — | — |",
                rowOf(table, "Lstm, specialised", 1));
        assertEquals("| Lstm, specialised | 1.00 µs | 3.00 µs | 1.00 µs | 3.30 µs | — | — |",
                rowOf(table, "Lstm, specialised", 0));
    }

    @Test
    void theDeterminantByElementWritesHasARowOfItsOwnFromItsOwnMethods() {
        List<String> entries = List.of(
                entry("DeterminantBenchmark.handwrittenValue", 5000, "1 s"),
                entry("DeterminantBenchmark.handwrittenGradient", 14000, "1 s"),
                entry("DeterminantBenchmark.generatedValue", 8000, "1 s"),
                entry("DeterminantBenchmark.generatedGradient", 26000, "1 s"),
                entry("DeterminantBenchmark.generatedEntriesValue", 6000, "1 s"),
                entry("DeterminantBenchmark.generatedEntriesGradient", 17500, "1 s"),
                entry("DeterminantBenchmark.handwrittenGradientDefaultJvm", 16000, "1 s"),
                entry("DeterminantBenchmark.generatedEntriesGradientDefaultJvm", 20000, "1 s"));
        String table = ProgramsTable.render(RunResults.fromJson("[" + String.join(",\n", entries) + "]"));
        assertEquals("| Determinant, element writes | 5.00 µs | 14.0 µs | 6.00 µs | 17.5 µs | 16.0 µs | 20.0 µs |",
                rowOf(table, "Determinant, element writes", 0));
        assertEquals("| Determinant, element writes | 1.25 (1.25–1.25) ✓ | 2.92 (2.92–2.92) ✓ | 1.25 (1.25–1.25)"
                + " | 1.14 (1.14–1.14) |", rowOf(table, "Determinant, element writes", 1));
        assertEquals("| Determinant | 1.86 (1.86–1.86) ✗ (target ≤ 1.30) | 3.25 (3.25–3.25) ✓ | — | — |",
                rowOf(table, "Determinant", 1));
    }

    @Test
    void aQuickRunGivesNoVerdicts() {
        String table = ProgramsTable.render(lstm("200 ms"));
        assertTrue(rowOf(table, "Lstm", 1).startsWith("| Lstm | 1.20 (1.20–1.20), target ≤ 1.30: not measured |"), table);
        assertTrue(!table.contains("✓") && !table.contains("✗"), table);
    }

    @Test
    void aRunWithoutTheProgramsPrintsNothing() throws IOException {
        assertEquals("", ProgramsTable.render(RunResultsTest.sample()));
    }

    @Test
    void theDefaultJvmRoundRunsTheDefaultJvmMethodsThatTheIncludeMatches() {
        String lstm = "dev.gradc.bench.LstmBenchmark.generatedGradientDefaultJvm";
        java.util.function.BiPredicate<String, String> runs =
                (include, name) -> java.util.regex.Pattern.compile(Ratios.defaultJvmInclude(include)).matcher(name).find();
        assertTrue(runs.test("dev\\.gradc\\.bench\\..*", lstm));
        assertTrue(runs.test("Lstm|Rk4", lstm));
        assertTrue(!runs.test("Mlp", lstm));
        assertTrue(!runs.test("Lstm", "dev.gradc.bench.LstmBenchmark.generatedGradient"));
    }
}
