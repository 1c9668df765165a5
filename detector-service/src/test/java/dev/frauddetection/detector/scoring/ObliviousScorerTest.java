package dev.frauddetection.detector.scoring;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Scoring oblivious trees from per-feature masks reaches the very leaves that walking them reaches, for values on,
 * between, below and above the thresholds and for NaN and infinities; trees that are not oblivious are walked.
 */
class ObliviousScorerTest {

    @Test
    void countsTheThresholdsBelowAValueLikeALinearPass() {
        Random random = new Random(2);
        for (int length = 1; length <= 70; length++) {
            double[] ascending = random.doubles(length * 2L, -5, 5).map(v -> Math.round(v * 4) / 4.0).distinct()
                    .sorted().limit(length).toArray();
            List<Double> probes = new ArrayList<>(List.of(Double.NaN, Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY, -0.0, 0.0, Double.MAX_VALUE));
            for (double threshold : ascending) {
                probes.addAll(List.of(threshold, Math.nextDown(threshold), Math.nextUp(threshold)));
            }
            for (double probe : probes) {
                int expected = 0;
                for (double threshold : ascending) {
                    // The walk goes right exactly when threshold - value is negative.
                    expected += threshold - probe < 0 ? 1 : 0;
                }
                assertThat(ObliviousScorer.below(ascending, probe)).as("%s in %s", probe, Arrays.toString(ascending))
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void reachesTheLeavesTheWalkReaches() {
        Random random = new Random(9);
        List<double[]> rows = new ArrayList<>();
        boolean[] fraud = new boolean[20_000];
        for (int i = 0; i < fraud.length; i++) {
            // Few distinct values in some features, so that many rows sit exactly on a threshold.
            double[] row = {random.nextGaussian(), random.nextInt(4), random.nextGaussian() * 3, random.nextInt(2),
                    random.nextDouble()};
            fraud[i] = (row[0] > 0.5 && row[1] >= 2) || (row[2] * row[4] > 2 && random.nextBoolean());
            rows.add(row);
        }
        for (int depth : new int[]{1, 3, 6, 8}) {
            TreeEnsemble trees = ObliviousTreesFixture.train(rows, fraud, 21, depth, 0.3, "v").trees();
            assertThat(trees.scoresAsOblivious()).as("depth %d", depth).isTrue();
            List<double[]> probes = new ArrayList<>(rows.subList(0, 2_000));
            probes.add(new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0});
            probes.add(new double[]{Double.POSITIVE_INFINITY, Double.NaN, 1e300, 1, -1e300});
            for (int f = 0; f < 5; f++) {
                for (double threshold : trees.threshold()) {
                    double[] onIt = rows.get(f).clone();
                    onIt[f] = threshold;
                    probes.add(onIt);
                }
            }
            for (double[] x : probes) {
                assertThat(trees.logit(x)).as("depth %d at %s", depth, Arrays.toString(x))
                        .isCloseTo(trees.walkedLogit(x), within(1e-12));
            }
        }
    }

    @Test
    void treesThatSplitNodesOfALevelDifferentlyAreWalked() {
        // Depth 2: the root splits on feature 0 at 0; its left child on feature 1 at 5, its right child on feature 2
        // at -5. Leaves 10, 20, 30, 40 left to right.
        TreeEnsemble grownNodeByNode = new TreeEnsemble(0, 0.1, 2,
                new int[]{0, 1, 2, -1, -1, -1, -1}, new double[]{0, 5, -5, 0, 0, 0, 0},
                new double[]{0, 0, 0, 10, 20, 30, 40});
        assertThat(grownNodeByNode.scoresAsOblivious()).isFalse();
        assertThat(grownNodeByNode.logit(new double[]{-1, 5, 100})).isEqualTo(10);
        assertThat(grownNodeByNode.logit(new double[]{-1, 6, 100})).isEqualTo(20);
        assertThat(grownNodeByNode.logit(new double[]{1, 100, -5})).isEqualTo(30);
        assertThat(grownNodeByNode.logit(new double[]{1, 100, -4})).isEqualTo(40);
        // The same tree with one split for both nodes of level 1 (feature 1 at 5) is oblivious, and scored as such.
        TreeEnsemble oblivious = new TreeEnsemble(0, 0.1, 2,
                new int[]{0, 1, 1, -1, -1, -1, -1}, new double[]{0, 5, 5, 0, 0, 0, 0},
                new double[]{0, 0, 0, 10, 20, 30, 40});
        assertThat(oblivious.scoresAsOblivious()).isTrue();
        assertThat(oblivious.logit(new double[]{-1, 5, 0})).isEqualTo(10);
        assertThat(oblivious.logit(new double[]{-1, 6, 0})).isEqualTo(20);
        assertThat(oblivious.logit(new double[]{1, 5, 0})).isEqualTo(30);
        assertThat(oblivious.logit(new double[]{1, 6, 0})).isEqualTo(40);
    }
}
