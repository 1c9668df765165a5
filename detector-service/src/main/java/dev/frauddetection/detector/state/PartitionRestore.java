package dev.frauddetection.detector.state;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A partition's histories being read back from its checkpoint topic, record by record: each is decoded as it arrives
 * (the compacted topic may still hold older versions of a history; the newest wins), so a restore never holds the raw
 * bytes of a whole partition on top of the histories they become. {@link DetectorState#restore} then holds it.
 */
public final class PartitionRestore {

    final HeldPartition building;
    private final Set<String> keys = new HashSet<>();
    IOException failure;

    public PartitionRestore(int partition) {
        building = new HeldPartition(partition, 0);
    }

    public void put(String key, byte[] value) {
        keys.add(key);
        if (failure != null) {
            return;
        }
        try {
            if (StateCodec.isAccountKey(key)) {
                building.accounts.put(StateCodec.idOf(key), StateCodec.decodeAccount(value));
            } else if (StateCodec.isMerchantKey(key)) {
                building.merchantParts.put(StateCodec.idOf(key), StateCodec.decodeMerchant(value));
            } else {
                throw new IOException("Unknown checkpoint key " + key);
            }
        } catch (IOException e) {
            failure = new IOException(key + ": " + e.getMessage(), e);
            building.accounts.clear();
            building.merchantParts.clear();
        }
    }

    public void delete(String key) {
        keys.remove(key);
        if (StateCodec.isAccountKey(key)) {
            building.accounts.remove(StateCodec.idOf(key));
        } else if (StateCodec.isMerchantKey(key)) {
            building.merchantParts.remove(StateCodec.idOf(key));
        }
    }

    /** Every key the topic holds for the partition: what to delete if the checkpoint cannot be used. */
    public Set<String> keys() {
        return keys;
    }

    public int histories() {
        return building.accounts.size() + building.merchantParts.size();
    }
}
