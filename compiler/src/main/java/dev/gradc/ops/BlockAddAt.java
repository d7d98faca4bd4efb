package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.runtime.Blocks;
import java.util.List;

/**
 * {@code acc[a:a+R, c:c+C] += v} as a value: acc with v added at the block from (a, c) — the adjoint of a block
 * read accumulated into the matrix's adjoint. Inputs: acc, v, a, c. Linear in (acc, v); O(block), in place when
 * acc is dead.
 */
public record BlockAddAt() implements Overwriting {

    @Override
    public String mnemonic() {
        return "block_add_at";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return new BlockUpdate().inferType(inputs);
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray out = Overwriting.target(inputs[0], inPlace);
        NDArray v = (NDArray) inputs[1];
        int[] e = Block.extent(v);
        Blocks.add(out.data(), out.shape()[0], out.shape()[1], (Integer) inputs[2], (Integer) inputs[3], v.data(),
                e[0], e[1], v.rank() == 1, null);
        return out;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return AddAtRules.vjp(in, bar, need, () -> g.apply(Block.of(g.type(in[1])), bar, in[2], in[3]));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return AddAtRules.jvp(t, () -> g.apply(new BlockScatter(((Type.Real) g.type(in[0])).shape()), t[1], in[2],
                in[3]), () -> g.apply(this, t[0], t[1], in[2], in[3]));
    }
}
