package dev.gradc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateTest {

    @TempDir
    Path dir;

    /**
     * A compiler resolved to its class directory (a module of the same build before it is packaged): a class
     * recompiled inside it leaves the directory's size and date as they were, and must still change the key.
     */
    @Test
    void aClassDirectoryRecompiledInsideChangesTheGenerator() throws Exception {
        Path classes = dir.resolve("classes");
        Path emitter = classes.resolve("dev/gradc/emit/JavaEmitter.class");
        Files.createDirectories(emitter.getParent());
        Files.write(emitter, new byte[] {1, 2, 3, 4});
        FileTime date = Files.getLastModifiedTime(classes);
        String before = BuildState.generator(null, classes);
        assertEquals(before, BuildState.generator(null, classes), "same classes, same key");

        Files.write(emitter, new byte[] {1, 2, 3, 5});
        Files.setLastModifiedTime(emitter, FileTime.fromMillis(1_000_000L));
        Files.setLastModifiedTime(classes, date);
        assertNotEquals(before, BuildState.generator(null, classes));
    }

    @Test
    void aJarOfOtherContentChangesTheGeneratorAndThePackageToo() throws Exception {
        Path jar = dir.resolve("compiler.jar");
        Files.write(jar, new byte[] {7, 7});
        String key = BuildState.generator(null, jar);
        assertNotEquals(key, BuildState.generator("demo", jar));
        Files.write(jar, new byte[] {7, 8});
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000L));
        assertNotEquals(key, BuildState.generator(null, jar));
    }

    @Test
    void anOutputKeptByAnotherGeneratorIsNotReused() throws Exception {
        Path state = dir.resolve("state.properties");
        BuildState first = BuildState.load(state, "|a");
        first.keep("f.grad", BuildState.hash("x"), "F.java");
        first.save();
        assertEquals("F.java", BuildState.load(state, "|a").output("f.grad", BuildState.hash("x")));
        assertNull(BuildState.load(state, "|b").output("f.grad", BuildState.hash("x")));
        assertNull(BuildState.load(state, "|a").output("f.grad", BuildState.hash("y")));
    }
}
