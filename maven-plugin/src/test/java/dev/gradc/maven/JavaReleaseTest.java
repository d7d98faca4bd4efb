package dev.gradc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

class JavaReleaseTest {

    private static MavenProject project(String compilerVersion, String... configuration) {
        Model model = new Model();
        model.setBuild(new Build());
        if (compilerVersion != null) {
            Plugin compiler = new Plugin();
            compiler.setGroupId("org.apache.maven.plugins");
            compiler.setArtifactId("maven-compiler-plugin");
            compiler.setVersion(compilerVersion);
            compiler.setConfiguration(dom(configuration));
            model.getBuild().addPlugin(compiler);
        }
        return new MavenProject(model);
    }

    private static Xpp3Dom dom(String... namesAndValues) {
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Xpp3Dom child = new Xpp3Dom(namesAndValues[i]);
            child.setValue(namesAndValues[i + 1]);
            configuration.addChild(child);
        }
        return configuration;
    }

    private static String problem(MavenProject project) {
        Optional<String> p = JavaRelease.problem(project);
        assertTrue(p.isPresent(), "expected a problem");
        return p.get();
    }

    @Test
    void releaseSeventeenAsAPropertyIsEnough() {
        MavenProject p = project("3.13.0");
        p.getProperties().setProperty("maven.compiler.release", "17");
        assertEquals(Optional.empty(), JavaRelease.problem(p));
    }

    @Test
    void projectThatSetsNothingIsToldWhatToSet() {
        assertEquals("gradc: generated code uses Java records and needs Java 16 or later, but this project sets no "
                + "Java release, so maven-compiler-plugin 3.1 compiles for its default (Java 8 or older); "
                + "set <maven.compiler.release>17</maven.compiler.release> in <properties>", problem(project("3.1")));
    }

    @Test
    void releaseBelowSixteenIsNamed() {
        MavenProject p = project("3.13.0");
        p.getProperties().setProperty("maven.compiler.release", "11");
        assertTrue(problem(p).contains("this project compiles for Java 11 (release 11)"), problem(p));
    }

    @Test
    void oldStyleSourceAndTargetAreRead() {
        MavenProject p = project("3.13.0");
        p.getProperties().setProperty("maven.compiler.source", "1.8");
        p.getProperties().setProperty("maven.compiler.target", "1.8");
        assertTrue(problem(p).contains("compiles for Java 8 (source 1.8 and target 1.8)"), problem(p));
        p.getProperties().setProperty("maven.compiler.source", "17");
        p.getProperties().setProperty("maven.compiler.target", "17");
        assertEquals(Optional.empty(), JavaRelease.problem(p));
    }

    @Test
    void compilerPluginOlderThanThreeSixIgnoresRelease() {
        // Maven 3.8's default compiler plugin: what a pom that only sets the property gets
        MavenProject p = project("3.1");
        p.getProperties().setProperty("maven.compiler.release", "17");
        assertTrue(problem(p).startsWith("gradc: this project sets release 17, but maven-compiler-plugin 3.1 does "
                + "not read it"), problem(p));
        p.getProperties().setProperty("maven.compiler.source", "17");
        p.getProperties().setProperty("maven.compiler.target", "17");
        assertEquals(Optional.empty(), JavaRelease.problem(p));
    }

    @Test
    void pluginConfigurationWinsOverTheProperty() {
        MavenProject p = project("3.13.0", "release", "17");
        p.getProperties().setProperty("maven.compiler.release", "8");
        assertEquals(Optional.empty(), JavaRelease.problem(p));
    }

    @Test
    void defaultCompileExecutionWinsOverThePlugin() {
        MavenProject p = project("3.13.0", "release", "17");
        PluginExecution e = new PluginExecution();
        e.setId("default-compile");
        e.setConfiguration(dom("release", "11"));
        p.getPlugin("org.apache.maven.plugins:maven-compiler-plugin").addExecution(e);
        assertTrue(problem(p).contains("Java 11"), problem(p));
    }

    @Test
    void unresolvedExpressionIsLeftToJavac() {
        MavenProject p = project("3.13.0", "release", "${java.release}");
        assertEquals(Optional.empty(), JavaRelease.problem(p));
    }

    @Test
    void readsJavacVersionsAndPluginVersions() {
        assertEquals(8, JavaRelease.parse("1.8"));
        assertEquals(17, JavaRelease.parse("17"));
        assertEquals(-1, JavaRelease.parse("${x}"));
        assertTrue(JavaRelease.atLeast("3.13.0", 3, 6));
        assertTrue(JavaRelease.atLeast("4.0.0-beta-1", 3, 6));
        assertTrue(!JavaRelease.atLeast("3.1", 3, 6));
    }
}
