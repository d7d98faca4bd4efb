package dev.gradc.check;

import static dev.gradc.diag.BadInput.assertErrors;

import org.junit.jupiter.api.Test;

/** Errors about a module's structure: returns, duplicates, call order and recursion. */
class ModuleCheckerTest {

    @Test
    void reportsMissingReturnAtTheFunctionName() {
        assertErrors("fn area(x: real) -> real {\n  y = x * x;\n}",
                "1:4: function 'area' has no return statement; it must end with 'return expr;'");
    }

    @Test
    void reportsReturnThatIsNotLast() {
        assertErrors("fn f(x: real) -> real {\n  return x;\n  y = 2;\n  return y;\n}",
                "2:3: 'return' must be the last statement of a function");
    }

    @Test
    void reportsReturnInsideALoop() {
        assertErrors("fn f(x: real) -> real {\n  while (x < 1) { return x; }\n  return x;\n}",
                "2:19: 'return' must be the last statement of a function");
    }

    @Test
    void reportsRecursion() {
        assertErrors("fn f(x: real) -> real { return f(x - 1); }",
                "1:32: function 'f' calls itself; recursion is not supported");
    }

    @Test
    void reportsCallOfALaterFunction() {
        assertErrors("fn f(x: real) -> real { return g(x); }\nfn g(x: real) -> real { return x; }",
                "1:32: function 'g' is defined later in the file; a function may call only functions before it");
    }

    @Test
    void reportsDuplicateParameter() {
        assertErrors("fn f(x: real, x: real) -> real { return x; }", "1:15: duplicate parameter 'x'");
    }

    @Test
    void reportsDuplicateSizeName() {
        assertErrors("fn f<N, N>(x: real[N]) -> real { return sum(x); }", "1:9: duplicate size name 'N'");
    }

    @Test
    void reportsDuplicateFunction() {
        assertErrors("fn f(x: real) -> real { return x; }\nfn f(x: real) -> real { return 2 * x; }",
                "2:4: function 'f' is already defined at line 1");
    }

    @Test
    void reportsEveryModuleNamedInsideTheJdksOrTheRuntimesPackages() {
        for (String pkg : java.util.List.of("java", "javax", "sun", "jdk", "com.sun", "dev.gradc")) {
            for (String name : java.util.List.of(pkg + ".M", pkg + ".inner.M")) {
                assertErrors("module " + name + ";\nfn f(x: real) -> real { return x; }",
                        "1:8: " + dev.gradc.diag.Messages.reservedModuleName(name, pkg));
            }
        }
    }

    @Test
    void acceptsModulesWhosePackagesOnlyStartLikeReservedOnes() {
        for (String name : java.util.List.of("javafun.M", "sunny.M", "dev.gradcx.M", "dev.M", "java", "M")) {
            assertErrors("module " + name + ";\nfn f(x: real) -> real { return x; }");
        }
    }
}
