package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Splits the code of a large graph — a method's, a loop body's or a branch's — over private helper methods,
 * so that no method reaches HotSpot's 8,000-byte limit for compiling a method ({@link CodeSize}). The graph's
 * top-level nodes are cut into consecutive parts, never between a region and its projections; values that
 * cross a cut live in two frames, a {@code double[]} for real scalars and an {@code Object[]} for everything
 * else, which the method creates (a loop, once before it) and passes to {@code fPart0(…)}, {@code fPart1(…)},
 * … in order. A region inside a part whose own graphs are large is split again, from that part.
 */
final class SplitMethod {

    private final MethodContext.Site site;
    private final GraphMethod.ClassContext cc;
    private final String method;
    private final GraphInfo info;
    private final Graph g;
    private final Map<String, String> sizeVars;
    private final int[] partOf;
    private final boolean[] pinned;
    private final int[] slot;
    private int doubles;
    private int objects;
    private boolean[] owned;
    /** Null, or per parameter of a branch: whether its cond gave it the array to write in place. */
    private boolean[] ownedParams;
    /** The nodes whose arrays the parts written so far marked as this call's own ({@code StorageCode#markOwned}). */
    private final java.util.BitSet ownedBefore = new java.util.BitSet();
    /** Of those, the buffers of the trip ({@code StorageCode#markBuffer}): never written by an array that outlives it. */
    private final java.util.BitSet buffersBefore = new java.util.BitSet();
    /**
     * Per node whose rows the parts written so far handed over to a loop ({@code StorageCode#handOver}): that loop,
     * the value crossing in the frame as its rows ({@code double[][]}), not as a flat array.
     */
    private final Map<Integer, Integer> handedBefore = new java.util.HashMap<>();
    /** The loops around the call of the parts ({@link MethodContext#loops}): their code runs on every trip. */
    private int loops;
    /** The loop body this graph is, split: its reused arrays are buffers of the frames; or null. */
    private StoragePlan.Body body;
    /** Where the loops around this one put their buffers ({@link StorageCode#forInnerLoops}), or null. */
    private StorageCode.Buffers outer;
    /** The frames' buffers stored before the loop: after the frames are declared, before the first trip. */
    private final CodeBlock.Builder buffers = CodeBlock.builder();
    /** The slot of the double frame that holds an adjoint sweep's turn ({@link CheckpointCode#splitSweep}), or -1. */
    private int turn = -1;
    /** The plan of the whole graph, made once for all parts (a plan per part made it parts × nodes). */
    private Plan plan;
    /** What the parts know of each node, one part at a time ({@link NodeSlots}). */
    private NodeSlots slots;
    /** The ids of the nodes of part k, ascending: {@code members[first[k]] .. members[first[k + 1] - 1]}. */
    private int[] members;
    private int[] first;

    /** Parts named {@code <method>Part0}, {@code <method>Part1}, …, added to the site's helpers. */
    SplitMethod(MethodContext.Site site, String method, GraphInfo info, Map<String, String> sizeVars) {
        this.site = site;
        this.cc = site.cc();
        this.method = method;
        this.info = info;
        this.g = info.graph;
        this.sizeVars = sizeVars;
        int n = g.size();
        partOf = new int[n];
        pinned = new boolean[n];
        slot = new int[n];
    }

    /** The code around the region whose sub-graph this is, and the region's node in it (for {@link IndexRanges}). */
    private GraphCode around;
    private Node region;

    /** This graph is a sub-graph of region {@code node} of {@code gc}'s graph. */
    SplitMethod within(GraphCode gc, Node node) {
        this.around = gc;
        this.region = node;
        return this;
    }

    /** The carried arrays of the loop whose body this graph is that the loop owns (null: none, or no loop body). */
    SplitMethod owning(boolean[] owned) {
        this.owned = owned;
        return this;
    }

    /**
     * This graph is the body of a loop ({@code body}, split): the arrays its trips do not keep are buffers
     * allocated once before the loop (or where {@code outer} puts the buffers of the loops around it) and kept in
     * the loop's frames, not arrays allocated by every trip.
     */
    SplitMethod bodyOf(StoragePlan.Body body, StorageCode.Buffers outer) {
        this.body = body;
        this.outer = outer;
        return this;
    }

    /**
     * The parameters of the branch this graph is whose arrays its cond gives it to write in place (per parameter;
     * null: none), as an unsplit branch marks them ({@code StorageCode#markOwned}).
     */
    SplitMethod owningParams(boolean[] params) {
        this.ownedParams = params;
        return this;
    }

    /**
     * Writes the frames and part calls into m; gives the results' expressions; adds the parts to the site's
     * helpers. The frames are declared in {@code frames} (before a loop whose body this is), or in m if null.
     */
    List<Expr> emit(MethodContext m, List<Expr> params, CodeBlock.Builder frames) {
        List<int[]> parts = cut();
        pin();
        group(parts.size());
        loops = m.loops;
        String fd = m.names.newName("frame");
        String fo = m.names.newName("objects");
        CodeBlock.Builder declare = frames == null ? m.code : frames;
        StorageCode.Buffers inFrames = body == null || frames == null ? null : (local, type, name, make, outward) -> {
            int at = objects++;
            if (outer == null || !outward) {
                buffers.addStatement("$L[$L] = $L", fo, at, make.apply(m));
            } else {
                String made = m.names.newName(name);
                outer.declare(declare, type, made, make, true);
                buffers.addStatement("$L[$L] = $L", fo, at, made);
            }
            local.addStatement("$T $L = ($T) $L[$L]", type, name, type, fo, at);
        };
        if (sweepBuffers(inFrames) && CheckpointCode.isAdjointSweep(body.loop())) {
            turn = doubles++;
        }
        String call = String.join(", ", sizeVars.values());
        call = call.isEmpty() ? fd + ", " + fo : call + ", " + fd + ", " + fo;
        call = m.arena == null ? call : call + ", " + m.arena;
        List<String> calls = new ArrayList<>();
        for (int k = 0; k < parts.size(); k++) {
            String name = cc.methodNames().newName(method + "Part" + k);
            site.helpers().add(part(name, k, fd, fo, m.arena, inFrames));
            calls.add(name);
        }
        // declared after the parts are written: their buffers take slots of the frame too
        declare.addStatement("double[] $L = $L", fd, WorkspaceCode.zeros(m, doubles));
        declare.addStatement("Object[] $L = $L", fo, WorkspaceCode.objects(m, objects));
        declare.add(buffers.build());
        for (int i = 0; i < g.params().size(); i++) {
            int p = g.params().get(i);
            if (pinned[p]) {
                m.code.addStatement("$L[$L] = $L", frame(p, fd, fo), slot[p], params.get(i).code());
            }
        }
        if (turn >= 0) {
            // every reversed trip takes the buffers of the other turn (as an inline sweep body flips its flag)
            m.code.addStatement("$L[$L] = 1.0 - $L[$L]", fd, turn, fd, turn);
        }
        for (String name : calls) {
            m.code.addStatement("$L($L)", name, call);
        }
        List<Expr> out = new ArrayList<>();
        GraphCode literals = new GraphCode(m, info, params, null, false);
        for (int r : g.results()) {
            int id = info.rep(r);
            Node n = g.node(id);
            if (n.op() instanceof Param || GraphInfo.isLiteral(n)) {
                out.add(literals.value(id));
            } else {
                out.add(load(id, fd, fo));
            }
        }
        return out;
    }

    /**
     * Consecutive ranges of nodes of about {@link CodeSize#PART} each (or {@link CodeSize#PART_LOOPS} loops); a
     * heavy node (a region) starts a part of its own when the part so far would pass {@link CodeSize#SPLIT} (or
     * {@link CodeSize#SPLIT_LOOPS}) with it.
     */
    private List<int[]> cut() {
        List<int[]> parts = new ArrayList<>();
        int start = 0;
        int weight = 0;
        int loops = 0;
        for (int id = 0; id < g.size(); id++) {
            int w = info.emits(id) ? site.sizes().node(g, g.node(id)) : 0;
            int l = info.emits(id) ? site.sizes().loops(g, g.node(id)) : 0;
            if (weight + loops > 0 && (weight + w > CodeSize.SPLIT || loops + l > CodeSize.SPLIT_LOOPS)) {
                parts.add(new int[] {start, id});
                start = id;
                weight = 0;
                loops = 0;
            }
            weight += w;
            loops += l;
            partOf[id] = parts.size();
            if (weight >= CodeSize.PART || loops >= CodeSize.PART_LOOPS) {
                parts.add(new int[] {start, id + 1});
                start = id + 1;
                weight = 0;
                loops = 0;
            }
        }
        if (start < g.size()) {
            parts.add(new int[] {start, g.size()});
        }
        for (Node n : g.nodes()) {
            // a projection is bound where its region (or pop) is written, whatever part its id falls in
            if (n.op() instanceof Proj) {
                partOf[n.id()] = partOf[info.rep(n.input(0))];
            }
        }
        for (int p : g.params()) {
            partOf[p] = -1;
        }
        return parts;
    }

    /**
     * Whether this graph, the split body of a checkpointed loop's sweep, keeps the arrays of its recomputations
     * and popped snapshots in the sweep's frames, as an inline sweep body keeps them before the sweep
     * ({@link CheckpointCode#splitSweep}): when it has frames and no loop around it takes its buffers. Inside
     * such a loop they stay where they were (arrays per recomputation and per pop, single buffers hoisted out):
     * the sweep's frames are made again on every trip of that loop, and a sweep of a few trips would make two
     * arrays of every kind per run where it made one per trip.
     */
    private boolean sweepBuffers(StorageCode.Buffers inFrames) {
        return inFrames != null && outer == null;
    }

    /** Sorts the node ids by part ({@link #members}), so that each part visits its own nodes only. */
    private void group(int count) {
        first = new int[count + 1];
        for (int id = 0; id < g.size(); id++) {
            if (partOf[id] >= 0) {
                first[partOf[id] + 1]++;
            }
        }
        for (int k = 0; k < count; k++) {
            first[k + 1] += first[k];
        }
        members = new int[first[count]];
        int[] next = java.util.Arrays.copyOf(first, count);
        for (int id = 0; id < g.size(); id++) {
            if (partOf[id] >= 0) {
                members[next[partOf[id]]++] = id;
            }
        }
    }

    /** Values used in another part than their own, and results, are kept in the frames. */
    private void pin() {
        for (Node n : g.nodes()) {
            if (!info.emits(n.id())) {
                continue;
            }
            for (int in : n.inputs()) {
                int r = info.rep(in);
                if (partOf[r] != partOf[n.id()]) {
                    pin(r);
                }
            }
        }
        for (int r : g.results()) {
            int id = info.rep(r);
            if (!(g.node(id).op() instanceof Param)) {
                pin(id);
            }
        }
    }

    private void pin(int id) {
        Node n = g.node(id);
        if (pinned[id] || GraphInfo.isLiteral(n)) {
            return;
        }
        pinned[id] = true;
        slot[id] = inDoubles(n.type()) ? doubles++ : objects++;
    }

    /** Real and int scalars are kept in the {@code double[]} frame (an int exactly, unboxed), the rest in the other. */
    private static boolean inDoubles(Type t) {
        return JavaTypes.isScalarReal(t) || t instanceof Type.Int;
    }

    private String frame(int id, String fd, String fo) {
        return inDoubles(g.type(id)) ? fd : fo;
    }

    private Expr load(int id, String fd, String fo) {
        Type t = g.type(id);
        if (JavaTypes.isScalarReal(t)) {
            return Expr.atom(fd + "[" + slot[id] + "]");
        }
        if (t instanceof Type.Int) {
            return new Expr("(int) " + fd + "[" + slot[id] + "]", Expr.UNARY);
        }
        return Expr.atom(CodeBlock.of("(($T) $L[$L])", JavaTypes.of(t), fo, slot[id]));
    }

    private MethodSpec part(String name, int k, String fd, String fo, String arena,
                            StorageCode.Buffers inFrames) {
        Names names = new Names(cc.reservedLocals());
        MethodSpec.Builder b = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC);
        for (String v : sizeVars.values()) {
            names.claim(v);
            b.addParameter(TypeName.INT, v);
        }
        b.addParameter(JavaTypes.DOUBLE_ARRAY, names.claim(fd));
        b.addParameter(Object[].class, names.claim(fo));
        MethodContext m = new MethodContext(names, sizeVars, cc.source(), site.of(name));
        m.loops = loops;
        Workspaces.passArena(b, names, m, arena);
        if (plan == null) {
            plan = GraphCode.planOfParts(info, pinned, inFrames == null ? null : body);
            slots = new NodeSlots(g.size(), true);
        }
        slots.clear();
        GraphCode code = GraphCode.part(m, info, pinned, plan, slots, around, region);
        code.storage.ownCarried(owned);
        code.storage.hoistInto(inFrames);
        if (sweepBuffers(inFrames)) {
            code.nested = CheckpointCode.splitSweep(body.loop(), m, inFrames, fd + "[" + turn + "]");
            code.loop = body.loop();
        }
        for (int id = ownedBefore.nextSetBit(0); id >= 0; id = ownedBefore.nextSetBit(id + 1)) {
            code.storage.markOwned(id); // arrays the parts before made this call's own
        }
        for (int id = buffersBefore.nextSetBit(0); id >= 0; id = buffersBefore.nextSetBit(id + 1)) {
            code.storage.markBuffer(id);
        }
        for (int q = 0; ownedParams != null && q < ownedParams.length; q++) {
            if (ownedParams[q]) {
                code.storage.markOwned(g.params().get(q));
            }
        }
        Set<Integer> liveIn = new LinkedHashSet<>();
        for (int i = first[k]; i < first[k + 1]; i++) {
            int id = members[i];
            if (info.emits(id)) {
                for (int in : g.node(id).inputs()) {
                    int r = info.rep(in);
                    if (pinned[r] && partOf[r] != k) {
                        liveIn.add(r);
                    }
                }
                if (plan.storage.storage(id) instanceof StoragePlan.Storage.Alternating alt) {
                    // the next value of a carried array takes the buffer its current value is not
                    int p = g.params().get(alt.carried());
                    pin(p);
                    liveIn.add(p);
                }
            }
        }
        for (int id : liveIn) {
            String suggestion = GraphCode.suggestion(g.node(id));
            String v = suggestion == null ? names.temp(GraphCode.tempSuffix(site.cc(), g, g.node(id)))
                    : names.newName(suggestion);
            Integer taker = handedBefore.get(id);
            if (taker != null) {
                // rows handed over: read as rows (the flat variable is bound to them, so no flat read compiles)
                String rows = names.newName(v + "Rows");
                m.declare(TypeName.get(double[][].class), rows, CodeBlock.of("($T) $L[$L]", double[][].class, fo,
                        slot[id]));
                code.bind(id, rows);
                code.storage.handOver(id, rows, taker);
                continue;
            }
            m.declare(JavaTypes.of(g.type(id)), v, load(id, fd, fo).block());
            code.bind(id, v);
        }
        for (int i = first[k]; i < first[k + 1]; i++) {
            code.emit(members[i], members[i] + 1);
        }
        for (int i = first[k]; i < first[k + 1]; i++) {
            int id = members[i];
            if (pinned[id] && info.emits(id) && code.storage.takerOf(id) >= 0) {
                m.code.addStatement("$L[$L] = $L", fo, slot[id], code.storage.entryRowsOf(id));
                handedBefore.put(id, code.storage.takerOf(id));
            } else if (pinned[id] && info.emits(id)) {
                m.code.addStatement("$L[$L] = $L", frame(id, fd, fo), slot[id], code.value(id).block());
            }
        }
        if (code.storage.ownedMarks() != null) {
            ownedBefore.or(code.storage.ownedMarks());
        }
        if (code.storage.bufferMarks() != null) {
            buffersBefore.or(code.storage.bufferMarks());
        }
        return b.addCode(m.build()).build();
    }
}
