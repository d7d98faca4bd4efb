package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a set of files under one output directory, all or none, and never outside it.
 *
 * <p>Every target is checked before anything is written: a symbolic link under the directory (a package folder
 * or the file itself) is followed only when its real path stays inside the directory's real path; a link that
 * leads outside, or nowhere, is refused with an error naming it. Then each file's text goes to a new temporary
 * file beside its target (created exclusively, so never through a link) and, once every temporary file is
 * complete, each is moved over its target atomically. A failure before the moves removes the temporary files
 * and the folders this call created, so a failed command leaves the directory as it was.
 */
final class OutputFiles {

    /** One file to write: its path under the directory (a relative path without {@code ..}) and its text. */
    record Planned(Path relative, String text) {
    }

    /** A planned file whose folder has been checked: where it goes, as the user names it and as it really is. */
    private record Target(String shown, Path relative, Path real, String text) {
    }

    private OutputFiles() {
    }

    /**
     * Writes {@code files} under the directory the user named {@code dir} (creating it when missing); gives the
     * written paths as the user would name them, in order. Throws {@link CommandError} and writes nothing when
     * any file cannot be written.
     */
    static List<String> write(String option, String dir, List<Planned> files) {
        if (dir.isBlank()) {
            throw CommandError.usage(CliMessages.emptyPath(option));
        }
        Path root = realRoot(dir);
        List<Target> targets = new ArrayList<>();
        for (Planned p : files) {
            targets.add(target(root, dir, p));
        }
        List<Path> created = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        Target current = null;
        try {
            for (Target t : targets) {
                current = t;
                createFolders(root, dir, t, created);
                temps.add(temporary(t.real(), t.text()));
            }
            for (int i = 0; i < targets.size(); i++) {
                current = targets.get(i);
                move(temps.get(i), current.real());
            }
        } catch (IOException e) {
            undo(temps, created);
            throw CommandError.input(CliMessages.cannotWrite(current.shown(), CliMessages.why(e)));
        } catch (RuntimeException e) {
            undo(temps, created);
            throw e;
        }
        return targets.stream().map(Target::shown).toList();
    }

    /** Writes one file the user named (its folder is the directory); gives its name. */
    static String writeFile(String option, String file, String text) {
        if (file.isBlank()) {
            throw CommandError.usage(CliMessages.emptyPath(option));
        }
        Path path = Path.of(file);
        Path parent = path.getParent();
        String blocking = notAFolder(parent);
        if (blocking != null) { // else the folder the file would be written in is named, not the file
            throw CommandError.input(CliMessages.cannotWrite(file, CliMessages.inTheWay(blocking,
                    CliMessages.notADirectory())));
        }
        return write(option, parent == null ? "." : parent.toString(), List.of(new Planned(path.getFileName(), text)))
                .get(0);
    }

    /** The first part of {@code folder} (from its root) that exists and is not a folder, as the user names it; or null. */
    private static String notAFolder(Path folder) {
        if (folder == null) {
            return null;
        }
        for (int i = 1; i <= folder.getNameCount(); i++) {
            Path part = folder.subpath(0, i);
            part = folder.getRoot() == null ? part : folder.getRoot().resolve(part);
            if (Files.exists(part) && !Files.isDirectory(part)) {
                return part.toString();
            }
        }
        return null;
    }

    /** A path under the directory as the user would name it. */
    private static String shown(String dir, Path relative) {
        return dir.equals(".") ? relative.toString() : Path.of(dir).resolve(relative).toString();
    }

    /** The real path of the output directory, created when missing. */
    private static Path realRoot(String dir) {
        Path root = Path.of(dir);
        try {
            if (!Files.exists(root)) {
                Files.createDirectories(root);
            }
            if (!Files.isDirectory(root)) {
                throw CommandError.input(CliMessages.cannotWrite(dir, CliMessages.notADirectory()));
            }
            return root.toRealPath();
        } catch (IOException e) {
            throw CommandError.input(CliMessages.cannotWrite(dir, CliMessages.why(e)));
        }
    }

    /**
     * Checks where {@code p} would be written: each existing part of its path under {@code root} must be a
     * folder (the file itself a regular file) whose real path is inside {@code root}.
     */
    private static Target target(Path root, String dir, Planned p) {
        Path relative = p.relative();
        String shown = shown(dir, relative);
        if (relative.isAbsolute() || relative.getNameCount() == 0 || relative.normalize().startsWith("..")
                || !relative.normalize().equals(relative)) {
            throw CommandError.input(CliMessages.outsideDirectory(shown, dir));
        }
        Path at = root;
        for (int i = 0; i < relative.getNameCount(); i++) {
            boolean last = i == relative.getNameCount() - 1;
            Path next = at.resolve(relative.getName(i));
            String nextShown = shown(dir, relative.subpath(0, i + 1));
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                return new Target(shown, relative, at.resolve(relative.subpath(i, relative.getNameCount())),
                        p.text());
            }
            Path real = inside(root, next, nextShown, shown, dir);
            if (!last && !Files.isDirectory(real)) {
                throw CommandError.input(CliMessages.cannotWrite(shown,
                        CliMessages.inTheWay(nextShown, CliMessages.notADirectory())));
            }
            if (last && Files.isDirectory(real)) {
                throw CommandError.input(CliMessages.cannotWrite(shown, CliMessages.isADirectory()));
            }
            at = real;
        }
        return new Target(shown, relative, at, p.text());
    }

    /** The real path of {@code path}, which exists; refused when it is a link leading outside root or nowhere. */
    private static Path inside(Path root, Path path, String shown, String file, String dir) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw CommandError.input(CliMessages.cannotWrite(file, CliMessages.danglingLink(shown, dir)));
        }
        if (!real.startsWith(root)) {
            throw CommandError.input(CliMessages.cannotWrite(file,
                    CliMessages.linkLeavesDirectory(shown, real.toString(), dir)));
        }
        return real;
    }

    /**
     * Creates the missing folders of the target's path under {@code root} one by one, recording those created, and
     * checks again that the folder reached is inside root (a link may have appeared since the check).
     */
    private static void createFolders(Path root, String dir, Target target, List<Path> created)
            throws IOException {
        Path relative = target.relative().getParent();
        if (relative == null) {
            return;
        }
        Path at = root;
        for (Path name : relative) {
            Path next = at.resolve(name);
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(next);
                created.add(next);
            }
            at = inside(root, next, shown(dir, root.relativize(next)), target.shown(), dir);
        }
    }

    /** A new file beside {@code target}, created exclusively (never through a link), holding {@code text}. */
    private static Path temporary(Path target, String text) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Replaces {@code target} (or the link at its name) with {@code tmp}, atomically where the system can. */
    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes what a failed write left: its temporary files and the (then empty) folders it created. */
    private static void undo(List<Path> temps, List<Path> created) {
        for (Path tmp : temps) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the command fails with the first error either way
            }
        }
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException ignored) {
                // not empty: something else was written there meanwhile; leave it
            }
        }
    }
}
