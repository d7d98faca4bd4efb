package dev.gradc.bench.ratios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
