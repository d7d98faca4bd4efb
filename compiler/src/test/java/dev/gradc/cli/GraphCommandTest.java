package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {

    @TempDir
    Path dir;

    @Test
    void gradientGraphMarksAdjointNodesAndDrawsRegionsAsClusters() throws Exception {
        Path out = dir.resolve("cf.dot");
        Cli.Result r = Cli.run("graph", Cli.seed("control_flow.grad"), "--fn", "f", "--grad", "-o", out.toString());
        assertEquals(0, r.code(), r::toString);
        String dot = Files.readString(out);
        assertTrue(dot.startsWith("digraph gradc {"), dot);
        assertTrue(dot.contains("#ffd9b3"), "adjoint nodes are filled orange");
        assertTrue(dot.contains("#ffffff"), "forward nodes are white");
        assertTrue(dot.contains("subgraph cluster_") && dot.contains("while body"), "the loop is a cluster");
        assertTrue(dot.contains("cond then"), "the branch is a cluster");
    }

    @Test
    void valueGraphHasNoAdjointNodes() {
        Cli.Result r = Cli.run("graph", Cli.seed("polynomial.grad"), "--fn", "f");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("digraph gradc"));
        assertTrue(!r.out().contains("fillcolor=\"#ffd9b3\""), r.out());
    }

    @Test
    void svgSaysClearlyWhenGraphvizIsMissing() {
        boolean hasDot = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "dot")));
        Path out = dir.resolve("g.svg");
        Cli.Result r = Cli.run("graph", Cli.seed("detach.grad"), "--fn", "detached", "--grad", "-o", out.toString());
        if (hasDot) {
            assertEquals(0, r.code(), r::toString);
            assertTrue(Files.exists(out));
        } else {
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().contains("Graphviz' 'dot' is not installed"), r::toString);
        }
    }

    @Test
    void otherOutputKindsAreAUsageError() {
        Cli.Result r = Cli.run("graph", Cli.seed("detach.grad"), "--fn", "detached", "-o", "out.png");
        assertEquals(2, r.code(), r::toString);
    }
}
