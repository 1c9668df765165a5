package dev.frauddetection.detector.scoring;

/**
 * The models judging live payments: the champion decides every verdict; a challenger, when an operator sets one, is
 * scored on the same features and its decision recorded beside the champion's, never acted on.
 *
 * @param challenger null when no challenger is set
 */
public record LiveModels(FraudModel champion, FraudModel challenger) {

    public LiveModels {
        if (champion == null) {
            throw new IllegalArgumentException("a champion is required");
        }
    }

    /** A champion alone: what train, backtest and a detector without a registry run. */
    public static LiveModels of(FraudModel champion) {
        return new LiveModels(champion, null);
    }
}
