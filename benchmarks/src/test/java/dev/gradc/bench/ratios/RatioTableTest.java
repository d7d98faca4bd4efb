package dev.gradc.bench.ratios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioTableTest {

    private static String rowOf(String table, String program, int which) {
        return table.lines().filter(l -> l.startsWith("| " + program + " |")).skip(which).findFirst().orElseThrow();
    }

    @Test
    void timeTableShowsMediansInReadableUnits() throws IOException {
        String table = RatioTable.render(RunResultsTest.sample(), Map.of());
        assertEquals("| Poly | 1.00 ns | 2.00 ns | — | 2.20 ns | — | 100 µs | 4.00 ns |", rowOf(table, "Poly", 0));
    }

    @Test
    void ratioTableMarksTargetsAndLeavesMissingSidesOpen() throws IOException {
        String row = rowOf(RatioTable.render(RunResultsTest.sample(), Map.of()), "Poly", 1);
        assertTrue(row.startsWith("| Poly | 1.10 (1.10–1.10) ✓ | — | — | 2.20e-05 (2.20e-05–2.20e-05) ✓ | 2.00 (2.00–2.00) |"), row);
    }

    @Test
    void quickRunSaysTargetsAreNotMeasuredInsteadOfVerdicts() throws IOException {
        String table = RatioTable.render(RunResultsTest.quickSample(), Map.of());
        String row = rowOf(table, "Poly", 1);
        assertTrue(row.startsWith("| Poly | 1.10 (1.10–1.10), target ≤ 1.20: not measured | — | — |"
                + " 2.20e-05 (2.20e-05–2.20e-05), target ≤ 1.00: not measured | 2.00 (2.00–2.00) |"), row);
        assertTrue(!table.contains("✓ |") && !table.contains("✗"), table);
        assertTrue(table.contains(RatioTable.NOT_JUDGED), table);
    }

    @Test
    void mlpFiniteDifferencesUseTheBiasSubsetAndSayWhy() throws IOException {
        String table = RatioTable.render(RunResultsTest.sample(), Map.of());
        assertTrue(rowOf(table, "Mlp", 0).endsWith("| 15.0 ms |"), rowOf(table, "Mlp", 0));
        assertTrue(table.contains("74 of 2,762"), table);
    }

    @Test
    void programTfCannotDifferentiateSaysSoInItsTfCells() throws IOException {
        String table = RatioTable.render(RunResultsTest.sample(),
                Map.of("ControlFlow", "TensorFlowException: No gradient defined for op: Merge. Please see the docs."));
        String ratios = rowOf(table, "ControlFlow", 1);
        assertTrue(ratios.contains("TF cannot differentiate this program: No gradient defined for op: Merge |"), ratios);
        assertTrue(rowOf(table, "ControlFlow", 0).contains("TF cannot differentiate"));
        assertTrue(table.contains("ControlFlow: TF cannot differentiate this program: TensorFlowException: No gradient"));
    }

    @Test
    void missedTargetIsMarkedWithTheTarget() {
        RatioTable.Target atMost = new RatioTable.Target(true, 1.2);
        assertTrue(atMost.met(1.2));
        assertTrue(!atMost.met(1.21));
        assertEquals("≤ 1.20", atMost.toString());
    }

    @Test
    void gistKeepsTheFirstSentenceWithoutTheExceptionClass() {
        assertEquals("No gradient defined for op: Merge",
                RatioTable.gist("TensorFlowException: No gradient defined for op: Merge. Please see x."));
    }
}
