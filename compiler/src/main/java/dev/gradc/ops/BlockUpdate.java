package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.runtime.Blocks;
import java.util.List;

/**
 * {@code x[a:a+R, c:c+C] = v} (and {@code x[a:a+R, c] = v}, {@code x[:, c:c+C] = v}) as a value: x with the block
 * from (a, c) replaced by v. Inputs: x, v, a, c. Linear in (x, v): x's adjoint is the output's with the block
 * zeroed, v's the output's adjoint's block. O(block), in place when x is dead.
 */
public record BlockUpdate() implements Overwriting {

    @Override
    public String mnemonic() {
        return "block_update";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return UpdateRules.inferType(inputs, Block.of(inputs.get(1)).inferType(Update.withoutValue(inputs)),
                "a block update");
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray out = Overwriting.target(inputs[0], inPlace);
        NDArray v = (NDArray) inputs[1];
        int[] e = Block.extent(v);
        Blocks.write(out.data(), out.shape()[0], out.shape()[1], (Integer) inputs[2], (Integer) inputs[3], v.data(),
                e[0], e[1], v.rank() == 1, null);
        return out;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return UpdateRules.vjp(g, in, bar, need, () -> g.apply(Block.of(g.type(in[1])), bar, in[2], in[3]),
                (x, zero) -> g.apply(this, x, zero, in[2], in[3]));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return UpdateRules.jvp(g, in, t, (x, v) -> g.apply(this, x, v, in[2], in[3]));
    }
}
