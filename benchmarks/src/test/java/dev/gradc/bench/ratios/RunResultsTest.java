package dev.gradc.bench.ratios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultsTest {

    static RunResults sample() throws IOException {
        try (InputStream in = RunResultsTest.class.getResourceAsStream("sample-run.json")) {
            return RunResults.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The sample run as {@code --quick} makes it: iterations of 200 ms. */
    static RunResults quickSample() throws IOException {
        try (InputStream in = RunResultsTest.class.getResourceAsStream("sample-run.json")) {
            return RunResults.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"1 s\"", "\"200 ms\""));
        }
    }

    @Test
    void runOfOneSecondIterationsCanBeJudgedAndAQuickOneCannot() throws IOException {
        assertTrue(sample().judgeable());
        assertFalse(quickSample().judgeable());
    }

    @Test
    void readsJmhIterationTimes() {
        assertEquals(0.2, RunResults.seconds("200 ms"), 1e-15);
        assertEquals(1.0, RunResults.seconds("1 s"), 1e-15);
        assertEquals(120.0, RunResults.seconds("2 min"), 1e-15);
        assertEquals(0.0, RunResults.seconds("soon"), 1e-15);
    }

    @Test
    void groupsBenchmarksByProgramIncludingPeers() throws IOException {
        assertEquals(List.of("Poly", "Mlp"), sample().programs());
        assertTrue(sample().get("Poly", "tfGradient").isPresent());
    }

    @Test
    void convertsEveryUnitToNanoseconds() throws IOException {
        assertArrayEquals(new double[] {1e5, 1e5, 1e5, 1e5, 1e5}, sample().get("Poly", "tfGradient").get().nanos(), 1e-6);
    }

    @Test
    void keepsTheIterationsOfEveryFork() throws IOException {
        assertArrayEquals(new double[] {3e5, 3.1e5, 2.9e5, 3e5},
                sample().get("Mlp", "handwrittenGradient").get().nanos(), 1e-6);
    }

    @Test
    void roundsOfOneRunJoinTheirForks() throws IOException {
        String sample;
        try (InputStream in = RunResultsTest.class.getResourceAsStream("sample-run.json")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        String secondRound = "[{\"jmhVersion\": \"1.37\", \"benchmark\": \"dev.gradc.bench.MlpBenchmark.handwrittenGradient\","
                + " \"mode\": \"avgt\", \"forks\": 1, \"warmupIterations\": 3, \"warmupTime\": \"1 s\","
                + " \"measurementIterations\": 2, \"measurementTime\": \"1 s\", \"threads\": 1,"
                + " \"primaryMetric\": {\"scoreUnit\": \"us/op\", \"rawData\": [[500.0, 510.0]]}}]";
        RunResults joined = RunResults.fromJson(Ratios.joinArrays(List.of(sample, secondRound)));
        assertArrayEquals(new double[] {3e5, 3.1e5, 2.9e5, 3e5, 5e5, 5.1e5},
                joined.get("Mlp", "handwrittenGradient").get().nanos(), 1e-6);
        // two forks in the first round and one in the second: three; Poly's benchmarks ran one
        assertTrue(joined.settings().contains("forks 1–3"), joined.settings());
        assertEquals(List.of("Poly", "Mlp"), joined.programs());
    }

    @Test
    void skipsThroughputModeEntries() throws IOException {
        assertTrue(sample().get("Mlp", "handwrittenGradient:gc.alloc.rate").isEmpty());
    }

    @Test
    void programOfAPeerDropsTheTfPrefix() {
        assertEquals("Mlp", RunResults.programOf("dev.gradc.bench.peers.TfMlpBenchmark"));
        assertEquals("ControlFlow", RunResults.programOf("dev.gradc.bench.ControlFlowBenchmark"));
    }

    @Test
    void recordsTheJvmAndSettings() throws IOException {
        assertTrue(sample().jvm().contains("17.0.15"), sample().jvm());
        assertTrue(sample().settings().contains("warmup 3 × 1 s"), sample().settings());
    }
}
