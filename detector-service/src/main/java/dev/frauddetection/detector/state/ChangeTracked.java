package dev.frauddetection.detector.state;

/**
 * A history with a mark for "changed since its partition's last checkpoint": {@link DetectorState} lists a history's
 * id the first time it is marked, so each changed history is written once per checkpoint without a hash set of ids
 * (a set add per event was a cache miss in a table as large as the number of accounts).
 */
abstract class ChangeTracked {

    private boolean changed;

    /** Marks the history changed since the last checkpoint; true if it was not marked yet. */
    final boolean markChanged() {
        boolean first = !changed;
        changed = true;
        return first;
    }

    /** Clears the mark as the history goes into a checkpoint; true if it was marked. */
    final boolean unmarkChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }
}
