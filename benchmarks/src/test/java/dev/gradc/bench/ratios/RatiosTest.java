package dev.gradc.bench.ratios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatiosTest {

    @Test
    void unsupportedProgramsSurviveARoundTripBesideTheJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("jmh.json");
        Map<String, String> unsupported = new LinkedHashMap<>();
        unsupported.put("ControlFlow", "TensorFlowException: No gradient defined for op: Merge.\tmore");
        Ratios.writeUnsupported(Ratios.sidecar(json), unsupported);
        assertEquals(Map.of("ControlFlow", "TensorFlowException: No gradient defined for op: Merge. more"),
                Ratios.readUnsupported(Ratios.sidecar(json)));
    }

    @Test
    void noSidecarMeansNothingUnsupported(@TempDir Path dir) throws IOException {
        assertTrue(Ratios.readUnsupported(Ratios.sidecar(dir.resolve("jmh.json"))).isEmpty());
    }

    @Test
    void machineNamesCoresAndJvm() {
        String machine = Ratios.machine();
        assertTrue(machine.contains(" cores, "), machine);
        assertTrue(machine.contains(System.getProperty("java.vm.version")), machine);
    }

    @Test
    void aFullRunLeavesWarmUpToEachBenchmarkClassAndQuickSetsItForAll() {
        var full = Ratios.timing(new org.openjdk.jmh.runner.options.OptionsBuilder(), false).build();
        assertTrue(full.getWarmupIterations().hasValue() == false, "a full run must not override @Warmup");
        assertTrue(full.getWarmupTime().hasValue() == false, "a full run must not override @Warmup");
        var quick = Ratios.timing(new org.openjdk.jmh.runner.options.OptionsBuilder(), true).build();
        assertEquals(2, quick.getWarmupIterations().get());
        assertEquals(3, quick.getMeasurementIterations().get());
    }

    @Test
    void theArrayProgramsWarmUpLongEnoughForC2() throws ClassNotFoundException {
        for (String program : ProgramsTable.PROGRAMS) {
            Class<?> c = Class.forName("dev.gradc.bench." + program + "Benchmark");
            var w = c.getAnnotation(org.openjdk.jmh.annotations.Warmup.class);
            assertTrue(w != null, program + " has no @Warmup: JMH's default would apply");
            long seconds = w.iterations() * w.timeUnit().toSeconds(w.time());
            assertTrue(seconds >= 20, program + " warms up " + seconds + " s; C2 needs 10-20 s for these programs");
        }
        for (String program : java.util.List.of("Poly", "Chain", "LogSin", "ControlFlow", "Mlp", "Rnn")) {
            Class<?> c = Class.forName("dev.gradc.bench." + program + "Benchmark");
            assertTrue(c.getAnnotation(org.openjdk.jmh.annotations.Warmup.class) != null, program + " has no @Warmup");
        }
    }
}
