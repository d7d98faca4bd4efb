package docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's documentation stands alone: README.md, docs/ and benchmarks/README.md never point outside
 * the repository (no workplace paths, no external contract sections, no issue numbers), and every relative
 * link or picture they show exists.
 */
class StandAloneDocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Words and paths that lead a reader outside the repository. */
    private static final Pattern OUTSIDE = Pattern.compile(
            "\\.\\./shared|LANGUAGE\\.md|§|\\b[Ii]ssues?\\b|automatic-differentiation-talk");

    /** Markdown links and images {@code [text](target)} and HTML {@code src="target"}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)|src=\"([^\"]+)\"");

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("benchmarks/README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** Each finding as {@code file:line: text}. */
    static List<String> outsideReferences(Path file, String text) {
        List<String> found = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = OUTSIDE.matcher(lines.get(i));
            while (m.find()) {
                found.add(ROOT.relativize(file) + ":" + (i + 1) + ": '" + m.group() + "'");
            }
        }
        return found;
    }

    /** Links whose target is outside the repository, on the web, or missing. */
    static List<String> badLinks(Path file, String text) {
        List<String> bad = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String target = m.group(1) != null ? m.group(1) : m.group(2);
            if (target.startsWith("#")) {
                continue;
            }
            String path = target.replaceAll("#.*$", "");
            Path resolved = file.getParent().resolve(path).normalize();
            if (target.contains("://") || !resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                bad.add(ROOT.relativize(file) + ": " + target);
            }
        }
        return bad;
    }

    @Test
    void noDocumentPointsOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path doc : documents()) {
            found.addAll(outsideReferences(doc, Files.readString(doc)));
        }
        assertEquals(List.of(), found);
    }

    @Test
    void everyLinkAndPictureIsAFileOfTheRepository() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path doc : documents()) {
            bad.addAll(badLinks(doc, Files.readString(doc)));
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void findsWhatLeadsOutside() {
        Path readme = ROOT.resolve("README.md");
        assertEquals(3, outsideReferences(readme, "see ../shared/x and LANGUAGE.md §3\nfine\n").size());
        assertEquals(1, outsideReferences(readme, "fixed in issue 7").size());
        assertEquals(List.of("README.md: https://example.org", "README.md: ../../elsewhere.md", "README.md: nosuch.md"),
                badLinks(readme, "[a](https://example.org) [b](../../elsewhere.md) [c](nosuch.md) [d](docs/design.md)"
                        + " [e](#layout) <img src=\"docs/img/spiral-loss.png\">"));
        assertTrue(badLinks(readme, "[d](docs/language.md#the-generated-java-api)").isEmpty());
    }
}
