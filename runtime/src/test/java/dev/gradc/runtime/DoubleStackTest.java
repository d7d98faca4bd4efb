package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DoubleStackTest {

    /** The capacity tests read how a stack grew: no spare of an earlier test's stack may stand in. */
    @BeforeEach
    void forgetSpares() {
        StackSpares.clear();
    }

    @Property
    void popsValuesInReverseOrderOfPushes(@ForAll List<Double> values) {
        DoubleStack stack = new DoubleStack();
        values.forEach(stack::push);
        for (int i = values.size() - 1; i >= 0; i--) {
            assertEquals(Double.doubleToRawLongBits(values.get(i)), Double.doubleToRawLongBits(stack.pop()));
        }
        assertTrue(stack.isEmpty());
    }

    @Test
    void popIntoRestoresABlockPushedWithPushAll() {
        DoubleStack stack = new DoubleStack();
        stack.push(-1);
        stack.pushAll(new double[] {1, 2, 3});
        stack.pushAll(new double[] {4, 5});
        double[] last = new double[2];
        double[] first = new double[3];
        stack.popInto(last);
        stack.popInto(first);
        assertArrayEquals(new double[] {4, 5}, last);
        assertArrayEquals(new double[] {1, 2, 3}, first);
        assertEquals(-1, stack.pop());
    }

    @Test
    void pushAllOfARangePushesThoseEntriesOnlyAsOneBlock() {
        DoubleStack stack = new DoubleStack();
        double[] matrix = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        stack.pushAll(matrix, 3, 3);
        stack.pushAll(matrix, 8, 1);
        stack.pushAll(matrix, 0, 0);
        assertEquals(4, stack.size());
        matrix[4] = -1; // the stack keeps its own copy of the row
        assertEquals(8, stack.pop());
        double[] row = new double[3];
        stack.popInto(row);
        assertArrayEquals(new double[] {3, 4, 5}, row);
        assertTrue(stack.isEmpty());
    }

    @Test
    void claimPushesABlockTheCallerWritesInPlace() {
        DoubleStack stack = new DoubleStack();
        stack.push(-1);
        for (int n = 1; n <= 40; n++) { // past the first arrays' lengths: claims that grow the stack
            int at = stack.claim(n);
            assertEquals(n * (n - 1) / 2 + 1, at);
            double[] kept = stack.array();
            for (int j = 0; j < n; j++) {
                kept[at + j] = 100 * n + j;
            }
        }
        for (int n = 40; n >= 1; n--) {
            double[] row = new double[n];
            stack.popInto(row);
            for (int j = 0; j < n; j++) {
                assertEquals(100 * n + j, row[j]);
            }
        }
        assertEquals(-1, stack.pop());
        assertTrue(stack.isEmpty());
    }

    @Test
    void claimPastTheLimitPushesNothing() {
        DoubleStack stack = new DoubleStack(4);
        stack.push(1);
        assertThrows(KeptStateLimitException.class, () -> stack.claim(4));
        assertEquals(1, stack.size());
        assertEquals(1, stack.claim(3));
        assertEquals(4, stack.size());
    }

    @Test
    void popArrayReturnsTheLastBlockInPushOrder() {
        DoubleStack stack = new DoubleStack();
        stack.pushAll(new double[] {7, 8, 9});
        assertArrayEquals(new double[] {8, 9}, stack.popArray(2));
        assertEquals(1, stack.size());
    }

    @Test
    void growsPastItsInitialCapacity() {
        DoubleStack stack = new DoubleStack();
        for (int i = 0; i < 100_000; i++) {
            stack.push(i);
        }
        assertEquals(100_000, stack.size());
        assertEquals(99_999, stack.pop());
    }

    @Test
    void popIntoARangeRestoresABlockWhereItWasPushedFrom() {
        DoubleStack stack = new DoubleStack(100);
        double[] matrix = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        stack.push(-1);
        stack.pushAll(matrix, 3, 3);
        stack.pushAll(matrix, 0, 3);
        double[] into = new double[9];
        stack.popInto(into, 6, 3);
        stack.popInto(into, 0, 3);
        assertArrayEquals(new double[] {4, 5, 6, 0, 0, 0, 1, 2, 3}, into);
        stack.popInto(into, 9, 0);
        assertEquals(1, stack.size());
        assertThrows(NoSuchElementException.class, () -> stack.popInto(into, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> stack.popInto(into, 9, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> stack.popInto(into, -1, 1));
        assertEquals(1, stack.size(), "a refused pop pops nothing");
        assertEquals(-1, stack.pop());
    }

    @Test
    void reserveMakesRoomForAllTripsSoPushesNeverGrowTheStack() {
        DoubleStack stack = new DoubleStack(1_000);
        stack.push(-1);
        stack.reserve(100, 7);
        assertEquals(701, stack.capacity());
        double[] block = {1, 2, 3, 4, 5, 6, 7};
        for (int t = 0; t < 100; t++) {
            block[0] = t;
            stack.pushAll(block);
        }
        assertEquals(701, stack.capacity(), "no push grew the stack");
        assertEquals(701, stack.size());
        for (int t = 99; t >= 0; t--) {
            assertArrayEquals(new double[] {t, 2, 3, 4, 5, 6, 7}, stack.popArray(7));
        }
        assertEquals(-1, stack.pop());
    }

    @Test
    void reservationsTripByTripGrowTheStackGeometrically() {
        // an inner loop reserves its trips on the stack its outer loop carries, once per outer trip
        DoubleStack stack = new DoubleStack(1_000_000);
        java.util.Set<Integer> capacities = new java.util.HashSet<>();
        double[] block = new double[16];
        for (int outer = 0; outer < 10_000; outer++) {
            stack.reserve(2, 16);
            capacities.add(stack.capacity());
            stack.pushAll(block);
            stack.pushAll(block);
        }
        assertEquals(320_000, stack.size());
        assertTrue(capacities.size() <= 20, capacities.size() + " copies of the stack");
    }

    /**
     * {@link DoubleStack#reserveAll} on two to eight stacks leaves each with the room {@link DoubleStack#reserve} on
     * each alone gives it: stacks of different limits, some already holding values or room, counts of none, some
     * and past any limit.
     */
    @Test
    void reserveAllGivesEachStackTheRoomReserveGivesIt() {
        long[] tripsCases = {-3, 0, 1, 5, 40, 1_000, Long.MAX_VALUE};
        int[] perTripCases = {0, 1, 7, Integer.MAX_VALUE};
        int checked = 0;
        for (int n = 2; n <= DoubleStack.GROUP; n++) {
            for (long trips : tripsCases) {
                for (int perTrip : perTripCases) {
                    DoubleStack[] alone = stacks(n);
                    DoubleStack[] together = stacks(n);
                    for (DoubleStack s : alone) {
                        s.reserve(trips, perTrip);
                    }
                    reserveAll(trips, perTrip, together);
                    for (int i = 0; i < n; i++) {
                        String what = n + " stacks, stack " + i + ", " + trips + " trips of " + perTrip;
                        assertEquals(alone[i].capacity(), together[i].capacity(), what);
                        assertEquals(alone[i].size(), together[i].size(), what);
                        checked += alone[i].capacity() > stacks(n)[i].capacity() ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(checked > 100, checked + " stacks grown");
    }

    /** n workspace stacks (no spares: an array grows to exactly what is asked) of several limits and contents. */
    private static DoubleStack[] stacks(int n) {
        DoubleStack[] stacks = new DoubleStack[n];
        for (int i = 0; i < n; i++) {
            stacks[i] = DoubleStack.forWorkspace(i % 3 == 0 ? 10 : i % 3 == 1 ? 500 : 1_000_000, "test");
            for (int k = 0; k < (i * 7) % 12; k++) {
                stacks[i].push(k);
            }
            if (i % 4 == 3) {
                stacks[i].reserve(30, 3);
            }
        }
        return stacks;
    }

    /** The {@link DoubleStack#reserveAll} overload of as many stacks as given. */
    private static void reserveAll(long trips, int perTrip, DoubleStack[] s) {
        switch (s.length) {
            case 2 -> DoubleStack.reserveAll(trips, perTrip, s[0], s[1]);
            case 3 -> DoubleStack.reserveAll(trips, perTrip, s[0], s[1], s[2]);
            case 4 -> DoubleStack.reserveAll(trips, perTrip, s[0], s[1], s[2], s[3]);
            case 5 -> DoubleStack.reserveAll(trips, perTrip, s[0], s[1], s[2], s[3], s[4]);
            case 6 -> DoubleStack.reserveAll(trips, perTrip, s[0], s[1], s[2], s[3], s[4], s[5]);
            case 7 -> DoubleStack.reserveAll(trips, perTrip, s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
            case 8 -> DoubleStack.reserveAll(trips, perTrip, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
            default -> throw new IllegalArgumentException(s.length + " stacks");
        }
    }

    @Test
    void reserveIsCappedByTheLimitAndNeverThrows() {
        DoubleStack stack = new DoubleStack(10);
        stack.reserve(Long.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(10, stack.capacity());
        stack.reserve(-5, 3);
        stack.reserve(3, 0);
        assertEquals(10, stack.capacity());
        for (int i = 0; i < 10; i++) {
            stack.push(i);
        }
        stack.reserve(1, 1);
        assertThrows(KeptStateLimitException.class, () -> stack.push(10));
    }

    @Test
    void pushPastTheLimitThrowsKeptStateLimitException() {
        DoubleStack stack = new DoubleStack(10);
        for (int i = 0; i < 10; i++) {
            stack.push(i);
        }
        KeptStateLimitException e = assertThrows(KeptStateLimitException.class, () -> stack.push(10));
        assertEquals(10, e.limit());
        assertEquals(10, stack.size());
    }

    @Test
    void pushAllPastTheLimitPushesNothing() {
        DoubleStack stack = new DoubleStack(4);
        stack.push(1);
        assertThrows(KeptStateLimitException.class, () -> stack.pushAll(new double[4]));
        assertEquals(1, stack.size());
    }

    @Test
    void popFromEmptyStackThrows() {
        assertThrows(NoSuchElementException.class, () -> new DoubleStack().pop());
    }

    @Test
    void popIntoMoreThanTheStackHoldsThrows() {
        DoubleStack stack = new DoubleStack();
        stack.push(1);
        assertThrows(NoSuchElementException.class, () -> stack.popArray(2));
    }

    @Test
    void negativeLimitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DoubleStack(-1));
    }
}
