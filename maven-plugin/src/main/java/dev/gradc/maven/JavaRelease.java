package dev.gradc.maven;

import java.util.Optional;
import java.util.Properties;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The Java version a project's {@code maven-compiler-plugin} compiles its main sources for, as far as the
 * project's model says, and the check that it is one generated code compiles on. Generated classes hold
 * their results in records, so they need Java {@value #NEEDED} or later; a project below that would fail
 * later, in javac, on generated code its author never wrote ("records are not supported in -source 8", or
 * Maven 3.8's default compiler plugin failing with "Source option 5 is no longer supported"). The goal
 * checks first and says what to set.
 *
 * <p>What javac gets, as the compiler plugin decides it: {@code release} when the plugin reads it (version
 * 3.6 and later), else {@code source} and {@code target}; each from the plugin's configuration (plugin-wide
 * or its {@code default-compile} execution) or else its user property ({@code maven.compiler.release},
 * {@code maven.compiler.source}, {@code maven.compiler.target}); what is set nowhere is the plugin's default,
 * Java 8 or older in every version.
 */
final class JavaRelease {

    /** The oldest Java release whose language has records. */
    static final int NEEDED = 16;

    private static final String COMPILER = "org.apache.maven.plugins:maven-compiler-plugin";

    private JavaRelease() {
    }

    /**
     * Why the project cannot compile generated code, in words that say what to change; empty when it can, or
     * when its settings cannot be read (an expression left unresolved: javac will judge).
     */
    static Optional<String> problem(MavenProject project) {
        Plugin compiler = project.getPlugin(COMPILER);
        String version = compiler == null ? null : compiler.getVersion();
        boolean readsRelease = version == null || atLeast(version, 3, 6);
        String release = setting(project, compiler, "release");
        if (release != null && readsRelease) {
            return tooOld(parse(release), "release " + release);
        }
        String source = setting(project, compiler, "source");
        String target = setting(project, compiler, "target");
        if (release != null && (source == null || target == null)) {
            return Optional.of("gradc: this project sets release " + release + ", but maven-compiler-plugin "
                    + version + " does not read it (3.6 and later do) and compiles for its default, Java 8 or "
                    + "older, where generated code's records do not compile; add the plugin to <build><plugins> "
                    + "with <version>3.13.0</version>");
        }
        if (source == null || target == null) {
            return Optional.of("gradc: generated code uses Java records and needs Java " + NEEDED + " or later, "
                    + "but this project sets no Java release, so maven-compiler-plugin"
                    + (version == null ? "" : " " + version) + " compiles for its default (Java 8 or older); "
                    + "set <maven.compiler.release>17</maven.compiler.release> in <properties>");
        }
        int s = parse(source);
        int t = parse(target);
        return tooOld(s < 0 || t < 0 ? -1 : Math.min(s, t), "source " + source + " and target " + target);
    }

    private static Optional<String> tooOld(int release, String what) {
        if (release < 0 || release >= NEEDED) {
            return Optional.empty();
        }
        return Optional.of("gradc: generated code uses Java records and needs Java " + NEEDED + " or later, but "
                + "this project compiles for Java " + release + " (" + what + "); set "
                + "<maven.compiler.release>17</maven.compiler.release> in <properties>");
    }

    /** A compiler setting: the default-compile execution's, else the plugin's, else its user property. */
    private static String setting(MavenProject project, Plugin compiler, String name) {
        if (compiler != null) {
            for (PluginExecution e : compiler.getExecutions()) {
                if (e.getId().equals("default-compile")) {
                    String v = child(e.getConfiguration(), name);
                    if (v != null) {
                        return v;
                    }
                }
            }
            String v = child(compiler.getConfiguration(), name);
            if (v != null) {
                return v;
            }
        }
        Properties p = project.getProperties();
        String v = p.getProperty("maven.compiler." + name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String child(Object configuration, String name) {
        if (configuration instanceof Xpp3Dom dom && dom.getChild(name) != null) {
            String v = dom.getChild(name).getValue();
            return v == null || v.isBlank() ? null : v.strip();
        }
        return null;
    }

    /** A Java version as javac takes it ({@code 17}, {@code 1.8}); -1 when it is not a number (unresolved). */
    static int parse(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a plugin version is at least major.minor; an unreadable one counts as recent. */
    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        try {
            int a = Integer.parseInt(parts[0]);
            int b = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return a > major || (a == major && b >= minor);
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
