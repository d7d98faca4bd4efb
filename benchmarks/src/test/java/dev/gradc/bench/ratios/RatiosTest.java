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
}
