package dev.gradc.ops;

import java.util.List;

/** Index arithmetic shared by the ops that reduce over or broadcast along axes. */
final class Axes {

    private Axes() {
    }

    /**
     * For each flat index of {@code big}, the flat index of the array of shape {@code small} whose axis i
     * is axis {@code map.get(i)} of {@code big}.
     */
    static int[] projection(int[] big, List<Integer> map, int[] small) {
        int n = Broadcasting.size(big);
        int[] out = new int[n];
        int[] smallStride = new int[small.length];
        int s = 1;
        for (int i = small.length - 1; i >= 0; i--) {
            smallStride[i] = s;
            s *= small[i];
        }
        int[] bigToSmallStride = new int[big.length];
        for (int i = 0; i < map.size(); i++) {
            bigToSmallStride[map.get(i)] = smallStride[i];
        }
        int[] idx = new int[big.length];
        for (int f = 0; f < n; f++) {
            int o = 0;
            for (int d = 0; d < big.length; d++) {
                o += idx[d] * bigToSmallStride[d];
            }
            out[f] = o;
            for (int d = big.length - 1; d >= 0; d--) {
                if (++idx[d] < big[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }

    /** The axes of a rank-{@code rank} array that are not in {@code removed}, in order. */
    static List<Integer> kept(int rank, List<Integer> removed) {
        java.util.ArrayList<Integer> k = new java.util.ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (!removed.contains(i)) {
                k.add(i);
            }
        }
        return k;
    }

    static int[] select(int[] shape, List<Integer> axes) {
        int[] out = new int[axes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape[axes.get(i)];
        }
        return out;
    }
}
