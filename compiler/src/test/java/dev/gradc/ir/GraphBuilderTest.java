package dev.gradc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.gradc.ops.Param;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.Unary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sharing builder merges equal pure nodes and never stateful ones, which it knows by the op's own trait. */
class GraphBuilderTest {

    @Test
    void equalPureNodesAreSharedAndStatefulOnesNever() {
        GraphBuilder b = new GraphBuilder(true, null);
        int x = b.addParam(new Param(0), Type.SCALAR, null, "x");
        assertEquals(b.add(Unary.SIN, Type.SCALAR, List.of(x)), b.add(Unary.SIN, Type.SCALAR, List.of(x)));
        Type.Stack stack = new Type.Stack(Type.SCALAR);
        int s1 = b.add(new StackNew(Type.SCALAR), stack, List.of());
        int s2 = b.add(new StackNew(Type.SCALAR), stack, List.of());
        assertNotEquals(s1, s2, "two new stacks are two objects");
        int p1 = b.add(new Push(), stack, List.of(s1, x));
        int p2 = b.add(new Push(), stack, List.of(s1, x));
        assertNotEquals(p1, p2, "each push changes the stack");
        Type pair = new Type.Tuple(List.of(stack, Type.SCALAR));
        assertNotEquals(b.add(new Pop(), pair, List.of(p2)), b.add(new Pop(), pair, List.of(p2)));
    }
}
