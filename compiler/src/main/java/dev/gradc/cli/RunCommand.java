package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.IrPrinter;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code gradc run FILE --fn F [--arg NAME=VALUE]... [--grad | --vjp SEED | --jvp NAME=VALUE... | --jacobian |
 * --hessian] [--engine E] [--json] [--max-iterations N] [--size NAME=VALUE]...}: a function's value and whatever
 * derivative is asked, whatever the file's annotations say; with {@code --size}, of the function built with those
 * sizes ({@link SizeOptions}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a function on the given arguments; print its value and the derivative asked for.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The .grad file.")
    String file;

    @Option(names = "--fn", required = true, paramLabel = "F", description = "The function to run.")
    String function;

    @Option(names = "--arg", paramLabel = "NAME=VALUE",
            description = "An argument (or size name): a number, [1,2,3] or [[1,2],[3,4]]; true/false for bool.")
    List<String> args = new ArrayList<>();

    @Option(names = "--grad", description = "Reverse mode: the gradient w.r.t. every real parameter (scalar output).")
    boolean grad;

    @Option(names = "--vjp", paramLabel = "SEED", description = "Vector-Jacobian product with SEED, shaped like the output.")
    String vjp;

    @Option(names = "--jvp", arity = "1..*", paramLabel = "NAME=VALUE", parameterConsumer = Assignments.class,
            description = "Forward mode: the output's tangent for these parameter tangents (others are 0).")
    List<String> jvp;

    @Option(names = "--hvp", arity = "1..*", paramLabel = "NAME=VALUE", parameterConsumer = Assignments.class,
            description = "Hessian-vector product H·v for this direction v (scalar output; parameters not named are 0).")
    List<String> hvp;

    @Option(names = "--jacobian", description = "The full Jacobian w.r.t. every real parameter.")
    boolean jacobian;

    @Option(names = "--hessian", description = "Gradient and Hessian over all real parameters (scalar output).")
    boolean hessian;

    @Option(names = "--engine", paramLabel = "E", description = "compiled, tape or interpreter (default: ${DEFAULT-VALUE}).")
    String engine = Engines.DEFAULT;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--max-iterations", paramLabel = "N",
            description = "Iteration limit of each loop (default: ${DEFAULT-VALUE}).")
    long maxIterations = Interpreter.DEFAULT_MAX_ITERATIONS;

    @Option(names = "--max-calls", paramLabel = "N",
            description = "Calls of the program's functions one run of the tape engine may make, which runs every"
                    + " call; the other engines share equal calls (default: ${DEFAULT-VALUE}).")
    long maxCalls = dev.gradc.engine.TapeEngine.DEFAULT_MAX_CALLS;

    @Option(names = "--max-kept-values", paramLabel = "N",
            description = "Kept-values budget of one reverse-mode loop: past it, the loop's gradient keeps snapshots"
                    + " and recomputes between them (default: a quarter of the heap in doubles, ${DEFAULT-VALUE}).")
    long maxKeptValues = Engine.Invocation.DEFAULT_MAX_KEPT_VALUES;

    @Mixin
    SizeOptions sizes;

    @Mixin
    CommonOptions common;

    /** Takes the {@code NAME=VALUE} words after {@code --jvp}, and no more: a file name that follows stays a file. */
    static final class Assignments implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            if (args.isEmpty()) {
                throw new ParameterException(commandSpec.commandLine(), "Missing NAME=VALUE for option '"
                        + ((picocli.CommandLine.Model.OptionSpec) argSpec).longestName() + "'");
            }
            List<String> values = argSpec.getValue() == null ? new ArrayList<>() : new ArrayList<>(argSpec.getValue());
            do {
                values.add(args.pop());
            } while (!args.isEmpty() && !args.peek().startsWith("-") && args.peek().contains("="));
            argSpec.setValue(values);
        }
    }

    @Override
    public Integer call() {
        return common.guard(this::run);
    }

    private int run() {
        checkOptions();
        Engine e = Engines.get(engine);
        SourceFile source = Sources.read(file);
        ModuleIr module = Sources.compile(source, null, common.err(), common.classes(), java.util.Set.of(function),
                sizes.specialisation(""));
        if (module == null) {
            return CommandError.INPUT;
        }
        FunctionIr f = Sources.function(module, function, file);
        if (common.verbose()) {
            common.err().println("---- graph of '" + f.name() + "'");
            common.err().print(IrPrinter.print(f.graph()));
            List<String> checkpointed = dev.gradc.passes.CheckpointReport.describe(f, maxKeptValues);
            if (!checkpointed.isEmpty()) {
                common.err().println("---- checkpointed loops of '" + f.name() + "'");
                checkpointed.forEach(common.err()::println);
            }
        }
        Arguments.Bound bound = Arguments.bind(f, Arguments.split("--arg", args), module.boundSizes());
        Engine.Invocation call = new Engine.Invocation(module, f, bound.values(), bound.sizes(), maxIterations, maxKeptValues, maxCalls,
                common.verbose() ? common.err() : null);
        Output result;
        try {
            result = compute(e, call);
        } catch (Engine.Unsupported u) {
            throw CommandError.usage(CliMessages.derivativeUnavailable(u.what(), e.name(), u.getMessage()));
        }
        common.out().print(json ? result.json() + "\n" : result.text());
        return 0;
    }

    private void checkOptions() {
        List<String> modes = new ArrayList<>();
        if (grad && vjp == null) {
            modes.add("--grad");
        }
        if (vjp != null) {
            modes.add("--vjp");
        }
        if (hvp != null) {
            modes.add("--hvp");
        }
        if (jvp != null) {
            modes.add("--jvp");
        }
        if (jacobian) {
            modes.add("--jacobian");
        }
        if (hessian) {
            modes.add("--hessian");
        }
        if (modes.size() > 1) {
            throw CommandError.usage(CliMessages.conflictingOptions(modes.get(0), modes.get(1)));
        }
        if (maxIterations < 1) {
            throw CommandError.usage(CliMessages.maxIterations(maxIterations));
        }
        if (maxKeptValues < 0) {
            throw CommandError.usage(CliMessages.maxKeptValues(maxKeptValues));
        }
        if (maxCalls < 1) {
            throw CommandError.usage(CliMessages.maxCalls(maxCalls));
        }
    }

    private Output compute(Engine e, Engine.Invocation call) {
        FunctionIr f = call.function();
        boolean derivative = grad || vjp != null || jvp != null || hvp != null || jacobian || hessian;
        if (!derivative) {
            return new Output().put("value", e.value(call));
        }
        if (!(f.output() instanceof Type.Real out)) {
            throw CommandError.input(CliMessages.outputNotReal(f.name(), f.output()));
        }
        List<String> reals = f.realParams();
        if (reals.isEmpty()) {
            throw CommandError.input(CliMessages.noRealParameter(f.name()));
        }
        if (vjp != null) {
            Object seed = Arguments.shaped("--vjp seed", vjp, out, call.sizes());
            Engine.Derivative d = e.vjp(call, reals, seed);
            return new Output().put("value", d.value()).put("gradient", d.byParameter());
        }
        if (grad) {
            if (!out.isScalar()) {
                throw CommandError.input(CliMessages.gradOfNonScalarOutput(f.name(), out));
            }
            Engine.Derivative d = e.gradient(call, reals);
            return new Output().put("value", d.value()).put("gradient", d.byParameter());
        }
        if (hvp != null) {
            return hessianVector(e, call, reals, out);
        }
        if (jvp != null) {
            return tangent(e, call, reals);
        }
        if (jacobian) {
            Map.Entry<Object, Map<String, double[][]>> j = Jacobians.jacobian(e, call, reals);
            return new Output().put("value", j.getKey()).put("jacobian", j.getValue());
        }
        if (!out.isScalar()) {
            throw CommandError.input(CliMessages.hessianOfNonScalarOutput(f.name(), out));
        }
        long n = reals.stream().mapToLong(p -> ((dev.gradc.ops.NDArray) call.args()[f.paramIndex(p)]).size()).sum();
        Memory.checkDense("Hessian", n, n, true);
        Engine.Hessian h = e.hessian(call);
        return new Output().put("value", h.value()).put("gradient", h.gradient()).put("hessian", h.hessian());
    }

    private Output hessianVector(Engine e, Engine.Invocation call, List<String> reals, Type.Real out) {
        FunctionIr f = call.function();
        if (!out.isScalar()) {
            throw CommandError.input(CliMessages.hvpOfNonScalarOutput(f.name(), out));
        }
        Engine.Hvp h = e.hvp(call, directions(call, hvp));
        return new Output().put("value", h.value()).put("gradient", h.gradient()).put("hvp", h.product());
    }

    /** The direction of {@code --hvp NAME=VALUE...}: one array per real parameter, 0 for those not named. */
    static List<Object> directions(Engine.Invocation call, List<String> hvp) {
        FunctionIr f = call.function();
        List<String> reals = f.realParams();
        Map<String, String> given = Arguments.split("--hvp", hvp);
        for (String name : given.keySet()) {
            if (!reals.contains(name)) {
                throw CommandError.input(CliMessages.directionName(name, f.name()));
            }
        }
        List<Object> directions = new ArrayList<>();
        for (String p : reals) {
            Type type = f.params().get(f.paramIndex(p)).type();
            directions.add(given.containsKey(p)
                    ? Arguments.shaped("--hvp direction '" + p + "'", given.get(p), type, call.sizes())
                    : dev.gradc.ops.NDArray.filled(0.0, ((Type.Real) type).shape().resolve(call.sizes())));
        }
        return directions;
    }

    private Output tangent(Engine e, Engine.Invocation call, List<String> reals) {
        FunctionIr f = call.function();
        Map<String, String> given = Arguments.split("--jvp", jvp);
        List<String> wrt = new ArrayList<>();
        List<Object> tangents = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!reals.contains(name)) {
                throw CommandError.input(CliMessages.tangentName(name, f.name()));
            }
        }
        for (String p : reals) {
            if (given.containsKey(p)) {
                Type type = f.params().get(f.paramIndex(p)).type();
                wrt.add(p);
                tangents.add(Arguments.shaped("--jvp tangent '" + p + "'", given.get(p), type, call.sizes()));
            }
        }
        Engine.Tangent t = e.jvp(call, wrt, tangents);
        return new Output().put("value", t.value()).put("jvp", t.tangent());
    }
}
