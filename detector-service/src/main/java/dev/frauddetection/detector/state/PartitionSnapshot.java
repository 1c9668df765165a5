package dev.frauddetection.detector.state;

import java.util.Map;

/**
 * A partition's state changes for one checkpoint: records keyed by history (a null value deletes an evicted one),
 * and the source offset from which the state, once these records are written, resumes.
 */
public record PartitionSnapshot(int partition, long nextOffset, long watermark, Map<String, byte[]> records) {
}
