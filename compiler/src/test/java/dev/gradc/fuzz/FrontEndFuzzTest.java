package dev.gradc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Mutated programs through the front end (and, when they compile, the gradient pass, the interpreter and the
 * tape): positioned diagnostics or numbers, never a crash or a hang. Case {@code k} is reproducible alone with
 * {@code -Dgradc.fuzz.case=k}; the long run is {@code -Dgradc.fuzz.long=true} (count: {@code gradc.fuzz.cases}).
 */
class FrontEndFuzzTest {

    private static final long BASE_SEED = 0x6772616463L;
    private static final int SHORT_CASES = 2_000;

    @Test
    void corpusProgramsCompile() {
        for (String file : Corpus.FILES) {
            Programs.compile(new dev.gradc.diag.SourceFile(file, Corpus.resource(file)));
        }
    }

    @Test
    void unmutatedCorpusRunsInEveryEngine() {
        List<String> corpus = Corpus.all(20);
        for (int i = 0; i < corpus.size(); i++) {
            FuzzOracle.Outcome o = FuzzOracle.check("corpus" + i, corpus.get(i), i);
            assertTrue(o == FuzzOracle.Outcome.RAN || o == FuzzOracle.Outcome.RUN_FAILED, corpus.get(i));
        }
    }

    @Test
    void mutatedProgramsEndInDiagnosticsOrNumbers() {
        String one = System.getProperty("gradc.fuzz.case");
        if (one != null && !one.isEmpty()) {
            runCases(Integer.parseInt(one), Integer.parseInt(one) + 1);
        } else {
            runCases(0, SHORT_CASES);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "gradc.fuzz.long", matches = "true")
    void manyMoreMutatedProgramsEndInDiagnosticsOrNumbers() {
        runCases(SHORT_CASES, SHORT_CASES + Integer.getInteger("gradc.fuzz.cases", 100_000));
    }

    private static void runCases(int from, int to) {
        List<String> corpus = Corpus.all(40);
        Map<FuzzOracle.Outcome, Integer> counts = new EnumMap<>(FuzzOracle.Outcome.class);
        List<String> failures = new ArrayList<>();
        for (int k = from; k < to; k++) {
            long seed = BASE_SEED + k;
            String base = corpus.get(k % corpus.size());
            String text = new Mutator(seed).mutate(base);
            try {
                counts.merge(FuzzOracle.check("case" + k, text, seed), 1, Integer::sum);
            } catch (AssertionError e) {
                failures.add("case " + k + " (-Dgradc.fuzz.case=" + k + "): " + describe(e));
            }
        }
        System.out.println("fuzz cases " + from + ".." + to + ": " + counts);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())),
                failures.size() + " failing cases");
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            b.append("\n  caused by ").append(c);
            StackTraceElement[] st = c.getStackTrace();
            for (int i = 0; i < Math.min(6, st.length); i++) {
                b.append("\n    at ").append(st[i]);
            }
        }
        return b.toString();
    }
}
