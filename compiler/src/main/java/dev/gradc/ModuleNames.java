package dev.gradc;

import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The Java package and class a module becomes: from {@code module a.b.C;}, or from the file name
 * ({@code control_flow.grad} becomes {@code ControlFlow}); a package override wins. Names that are not valid
 * Java identifiers are mangled so they can never break the generated code or name a path outside the output.
 */
public final class ModuleNames {

    private static final Set<String> RESERVED = Set.of("java", "javax", "sun", "jdk");

    /**
     * Packages a module may not be named into: the JDK's and gradc's own. A class there would shadow or
     * break a class of the platform or of the runtime every generated class uses.
     */
    private static final java.util.List<String> RESERVED_PACKAGES =
            java.util.List.of("java", "javax", "sun", "jdk", "com.sun", "dev.gradc");

    private ModuleNames() {
    }

    /** {package, class}; the package is "" for the unnamed package. */
    public static String[] of(String qualified, String fileName, String packageOverride) {
        String pkg = "";
        String cls;
        if (qualified != null) {
            int dot = qualified.lastIndexOf('.');
            pkg = dot < 0 ? "" : qualified.substring(0, dot);
            cls = qualified.substring(dot + 1);
        } else {
            String base = fileName.endsWith(".grad") ? fileName.substring(0, fileName.length() - 5) : fileName;
            cls = camel(base);
        }
        if (packageOverride != null) {
            pkg = packageOverride;
        }
        return new String[] {packageName(pkg), identifier(cls, "Module")};
    }

    /**
     * The reserved package ({@code java}, {@code dev.gradc}, ...) that a module's qualified name lies in, or
     * null when it lies in none (or has no package).
     */
    public static String reservedPackage(String qualified) {
        if (qualified == null || qualified.indexOf('.') < 0) {
            return null;
        }
        String pkg = qualified.substring(0, qualified.lastIndexOf('.'));
        for (String r : RESERVED_PACKAGES) {
            if (pkg.equals(r) || pkg.startsWith(r + ".")) {
                return r;
            }
        }
        return null;
    }

    static String camel(String base) {
        StringBuilder out = new StringBuilder();
        boolean up = true;
        for (char c : base.toCharArray()) {
            if (c == '_' || c == '-' || c == '.' || c == ' ') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }

    /** A valid Java identifier made from {@code name}: invalid characters become '_', keywords get a '_'. */
    public static String identifier(String name, String fallback) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = i == 0 ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c);
            out.append(ok ? c : '_');
        }
        String s = out.length() == 0 ? fallback : out.toString();
        if (!Character.isJavaIdentifierStart(s.charAt(0))) {
            s = "_" + s;
        }
        return SourceVersion.isKeyword(s) || s.equals("_") ? s + "_" : s;
    }

    /** A valid package name: each part made a valid identifier; never empty parts, never "..". */
    public static String packageName(String pkg) {
        if (pkg == null || pkg.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String part : pkg.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('.');
            }
            String id = identifier(part, "p");
            boolean first = out.length() == 0;
            boolean reserved = first ? RESERVED.contains(id) : out.toString().equals("dev.") && id.equals("gradc");
            out.append(reserved ? id + "_" : id);
        }
        return out.toString();
    }
}
