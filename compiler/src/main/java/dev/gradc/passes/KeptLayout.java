package dev.gradc.passes;

import java.util.List;

/**
 * Where the adjoint loop of a {@link KeptLoop} keeps what, among its parameters and results (the loop-carried
 * ones): the trip count, one stack per forward carried value, the adjoints of the varied carried values
 * ({@code carriedBar}: their positions), the sums of the varied invariants' adjoints ({@code invariantBar}),
 * the flags of the inputs (carried, then invariants) whose adjoint may not have a path yet ({@code reached},
 * {@link TripPaths}), the state after the trip being reversed ({@code nextState}); then, not carried, the
 * forward loop's invariants. The forward loop that {@link KeptLoop#forward} builds keeps its k carried values,
 * then the trip count, then the k stacks ({@link #forwardTrips}, {@link #forwardStack}), the journal's stacks, the
 * stacks of its body's kept regions' results and, within the budget, the trips that keep them ({@link KeptRegions}).
 */
record KeptLayout(int carried, List<Integer> carriedBar, List<Integer> invariantBar, List<Integer> reached,
                  List<Integer> nextState, int journal, int keptStacks, boolean limited) {

    static int forwardTrips(int carried) {
        return carried;
    }

    static int forwardStack(int carried, int j) {
        return carried + 1 + j;
    }

    int trips() {
        return 0;
    }

    int stack(int j) {
        return 1 + j;
    }

    int carriedBar(int idx) {
        return 1 + carried + idx;
    }

    int invariantBar(int idx) {
        return 1 + carried + carriedBar.size() + idx;
    }

    int reached(int idx) {
        return 1 + carried + carriedBar.size() + invariantBar.size() + idx;
    }

    int next(int idx) {
        return reached(reached.size()) + idx;
    }

    /** The stacks of the {@link Journal}: the entries the forward loop's writes overwrote, and their indices. */
    int journal(int e) {
        return next(nextState.size()) + e;
    }

    static int forwardJournal(int carried, int e) {
        return 2 * carried + 1 + e;
    }

    /** The stacks of the body's kept regions' results ({@link KeptRegions}), after the journal's. */
    int keptStack(int i) {
        return journal(journal) + i;
    }

    /** Within the budget, the number of first trips that kept their regions' results. */
    int keepingTrips() {
        return keptStack(keptStacks);
    }

    /** How many parameters the adjoint loop carries: everything before the invariants. */
    int carriedCount() {
        return keptStack(keptStacks) + (limited ? 1 : 0);
    }

    int invariant(int i) {
        return carriedCount() + i;
    }
}
