package usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.Gradc;
import dev.gradc.engine.CompiledModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java-API snippet works as shown. */
class JavaApiTest {

    @Test
    void compiledInMemoryGradientMatchesTheFormula() {
        CompiledModule model = Gradc.compile("""
                module demo.Model;
                @grad
                fn f(x: real, w: real[3]) -> real {
                  return sin(x) * sum(w * w);
                }
                """);
        CompiledModule.Result r = model.grad("f", 0.5, new double[] {1, 2, 3});
        double s = Math.sin(0.5);
        assertEquals(s * 14, (Double) r.value(), 1e-15);
        assertEquals(Math.cos(0.5) * 14, (Double) r.parts().get("x"), 1e-14);
        assertArrayEquals(new double[] {2 * s, 4 * s, 6 * s}, (double[]) r.parts().get("w"), 1e-15);
        assertEquals("demo.Model", model.type().getName());
    }

    /** The lines of a text, indentation stripped, blank lines dropped. */
    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void readmeSnippetWithItsImportsIsTheExampleProgram() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("### 3. The Java API");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        List<String> snippet = lines(readme.substring(start, readme.indexOf("```", start)));
        List<String> program = lines(Files.readString(Path.of("src/main/java/usage/JavaApi.java")));
        List<String> imports = snippet.stream().filter(l -> l.startsWith("import ")).toList();
        List<String> body = snippet.subList(imports.size(), snippet.size());
        assertTrue(!imports.isEmpty() && program.containsAll(imports), "imports: " + imports);
        assertTrue(Collections.indexOfSubList(program, body) >= 0, "the README's snippet is not in JavaApi.java");
    }
}
