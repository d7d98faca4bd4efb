package dev.gradc.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects the diagnostics of one compilation; duplicates (same place, same words) are kept once. */
public final class Diagnostics {

    private final Set<Diagnostic> items = new LinkedHashSet<>();

    public void error(Span span, String message) {
        items.add(Diagnostic.error(span, message));
    }

    public void add(Diagnostic diagnostic) {
        items.add(diagnostic);
    }

    public void addAll(Diagnostics other) {
        items.addAll(other.items);
    }

    /** How many diagnostics there are now: a mark to {@link #rollback} to. */
    public int mark() {
        return items.size();
    }

    /** Forgets every diagnostic added since {@code mark} (for a lowering attempt that is redone). */
    public void rollback(int mark) {
        java.util.Iterator<Diagnostic> it = items.iterator();
        for (int i = 0; it.hasNext(); i++) {
            it.next();
            if (i >= mark) {
                it.remove();
            }
        }
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    public int errorCount() {
        return (int) items.stream().filter(Diagnostic::isError).count();
    }

    /** All diagnostics, in source order (file, line, column), then in the order they were found. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> list = new ArrayList<>(items);
        list.sort(Comparator.comparing((Diagnostic d) -> d.span().file())
                .thenComparingInt(d -> d.span().line())
                .thenComparingInt(d -> d.span().column()));
        return list;
    }

    @Override
    public String toString() {
        return sorted().toString();
    }
}
