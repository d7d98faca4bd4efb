package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.CliMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void svgSaysClearlyWhenGraphvizIsMissing() throws Exception {
        boolean hasDot = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "dot")));
        Path out = dir.resolve("g.svg");
        Cli.Result r = Cli.run("graph", Cli.seed("detach.grad"), "--fn", "detached", "--grad", "-o", out.toString());
        if (hasDot) {
            assertEquals(0, r.code(), r::toString);
            assertTrue(Files.readString(out).contains("<svg"), r::toString);
            assertEquals("wrote " + out + "\n", r.out().replace("\r\n", "\n"));
        } else {
            assertEquals(1, r.code(), "an environment problem, not bad usage: " + r);
            assertTrue(r.err().contains("Graphviz is not installed (its program 'dot' was not found"), r::toString);
            assertTrue(!r.err().contains("' '"), r::toString);
            assertTrue(!Files.exists(out), r::toString);
        }
    }

    @Test
    void writtenFilesAreReportedAsCompileReportsThem() throws Exception {
        Path out = dir.resolve("sub/g.dot");
        Cli.Result r = Cli.run("graph", Cli.seed("detach.grad"), "--fn", "detached", "-o", out.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals("wrote " + out + "\n", r.out().replace("\r\n", "\n"));
        assertTrue(Files.readString(out).startsWith("digraph gradc"));
        Cli.Result empty = Cli.run("graph", Cli.seed("detach.grad"), "--fn", "detached", "-o", "");
        assertEquals(2, empty.code(), empty::toString);
    }

    /** A file where the output's folder should be: the message names the path written and the file in the way. */
    @Test
    void aFileInTheWayOfTheOutputsFolderIsNamed() throws Exception {
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "not a folder");
        for (Path out : List.of(plain.resolve("g.dot"), plain.resolve("sub/g.dot"))) {
            Cli.Result r = Cli.run("graph", Cli.seed("detach.grad"), "--fn", "detached", "-o", out.toString());
            assertEquals(CommandError.INPUT, r.code(), r::toString);
            assertEquals("error: " + CliMessages.cannotWrite(out.toString(),
                    CliMessages.inTheWay(plain.toString(), CliMessages.notADirectory())) + "\n", r.err());
            assertEquals("not a folder", Files.readString(plain));
        }
    }

    @Test
    void otherOutputKindsAreAUsageError() {
        Cli.Result r = Cli.run("graph", Cli.seed("detach.grad"), "--fn", "detached", "-o", "out.png");
        assertEquals(2, r.code(), r::toString);
    }
}
