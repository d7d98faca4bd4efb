package dev.gradc.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutates program text at the level of tokens and bytes, reproducibly from a seed: tokens deleted, duplicated,
 * inserted, swapped and replaced; random characters (control bytes, non-ASCII letters, replacement characters)
 * inserted; numbers replaced by huge or tiny literals and dimensions by huge, zero or negative ones; the text
 * truncated.
 */
final class Mutator {

    /** Rough tokens of the language: names, numbers, comments, two-character operators, whitespace, one character. */
    private static final Pattern TOKEN = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*|[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?|\\.[0-9]+|//[^\\n]*|/\\*.*?\\*/"
                    + "|\\.\\.|<=|>=|==|!=|&&|\\|\\||->|\\s+|.", Pattern.DOTALL);

    /** What an insertion may add: every keyword, operator, builtin and a few names and numbers. */
    static final List<String> VOCABULARY = List.of("module", "fn", "while", "for", "in", "if", "else", "return",
            "real", "int", "bool", "@grad", "@vjp", "@jvp", "@hessian", "@jacobian", "(", ")", "[", "]", "{", "}",
            "<", ">", ",", ";", ":", "->", "..", ".", "=", "==", "!=", "<=", ">=", "&&", "||", "!", "+", "-", "*",
            "/", "^", "@", "sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "square",
            "pow", "min", "max", "sum", "mean", "norm", "maxval", "dot", "logsumexp", "softmax", "transpose",
            "zeros", "ones", "detach", "cond", "where", "x", "y", "v", "M", "f", "B", "N", "i", "0", "1", "2",
            "3", "-1", "0.5", "1e-3", ".5", "/*", "*/", "//", "\n", " ");

    /** Literals at the edges of what a double or an int holds. */
    static final List<String> HUGE_NUMBERS = List.of("1e400", "-1e400", "1e-400", "99999999999999999999",
            "2147483647", "2147483648", "4294967296", "9223372036854775808", "1.7976931348623157e308",
            "4.9e-324", "0.0", "0", "00000000000000000000001", "1" + "0".repeat(400), "0." + "0".repeat(400) + "1",
            "1e2147483648", "1e-99999999999");

    /** Dimensions no array can have, or that are empty. */
    static final List<String> HUGE_DIMENSIONS = List.of("2147483647", "2147483648", "0", "-1", "99999999999",
            "1000000", "65536");

    /** Characters that do not belong in a program. */
    private static final String[] ODD = {"\0", "\u0001", "\u001b", "\u007f", "\t", "\r", "\r\n", "\f", "é", "λ",
        "ß", "\u00a0", "\u200b", "\ufeff", "\ufffd", "\ud83d\ude00", "𝑥", "\\", "\"", "'", "#", "$", "`", "~", "?",
        "|", "&", "%", "\u2028"};

    private final Random random;

    Mutator(long seed) {
        this.random = new Random(seed);
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Applies one to four random mutations to {@code text}. */
    String mutate(String text) {
        List<String> t = tokens(text);
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n; k++) {
            mutateOnce(t);
        }
        return String.join("", t);
    }

    private void mutateOnce(List<String> t) {
        if (t.isEmpty()) {
            t.add(pick(VOCABULARY));
            return;
        }
        int i = random.nextInt(t.size());
        switch (random.nextInt(11)) {
            case 0 -> t.remove(i);
            case 1 -> t.add(i, t.get(i));
            case 2, 3 -> t.add(i, pad(pick(VOCABULARY)));
            case 4 -> {
                int j = random.nextInt(t.size());
                String a = t.get(i);
                t.set(i, t.get(j));
                t.set(j, a);
            }
            case 5 -> t.add(i, randomBytes());
            case 6 -> replaceKind(t, i, "[0-9.][0-9.eE+-]*", HUGE_NUMBERS);
            case 7 -> replaceKind(t, i, "[0-9]+", HUGE_DIMENSIONS);
            case 8 -> replaceKind(t, i, "[A-Za-z_][A-Za-z0-9_]*", VOCABULARY);
            case 9 -> t.subList(i, t.size()).clear();
            default -> {
                int j = Math.min(t.size(), i + 1 + random.nextInt(8));
                List<String> span = new ArrayList<>(t.subList(i, j));
                t.addAll(j, span);
            }
        }
    }

    /** Replaces the first token at or after {@code i} (cyclically) that matches {@code kind}. */
    private void replaceKind(List<String> t, int i, String kind, List<String> choices) {
        for (int k = 0; k < t.size(); k++) {
            int j = (i + k) % t.size();
            if (t.get(j).matches(kind)) {
                t.set(j, pick(choices));
                return;
            }
        }
        t.add(i, pick(choices));
    }

    private String randomBytes() {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int k = 0; k < n; k++) {
            if (random.nextBoolean()) {
                b.append(ODD[random.nextInt(ODD.length)]);
            } else {
                b.append((char) random.nextInt(128));
            }
        }
        return b.toString();
    }

    private String pad(String token) {
        return random.nextInt(3) == 0 ? token : " " + token + " ";
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
