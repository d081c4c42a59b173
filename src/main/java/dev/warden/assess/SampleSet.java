package dev.warden.assess;

import dev.warden.data.Samples;
import java.util.ArrayList;
import java.util.List;

/**
 * The images a campaign attacks: the first {@code count} of a data set that the target classifies correctly
 * (attacking a misclassified image proves nothing). The look-ups are queries too; they are reported apart.
 */
public record SampleSet(List<Sample> samples, long selectionQueries) {
    public SampleSet {
        samples = List.copyOf(samples);
    }

    public static SampleSet firstCorrect(Target target, Samples data, int count) {
        if (count < 1) throw new IllegalArgumentException("the number of samples must be >= 1");
        List<Sample> chosen = new ArrayList<>();
        long spent = 0;
        int batch = Math.min(target.maxBatch(), 32);
        for (int from = 0; from < data.count() && chosen.size() < count; from += batch) {
            int to = Math.min(data.count(), from + batch);
            List<double[]> images = new ArrayList<>();
            for (int i = from; i < to; i++) images.add(data.image(i));
            Answer answer = target.query(0, images);
            spent += images.size();
            // The look-ups share the account's rate limit with whatever ran before: wait it out (bounded), as a client would.
            for (int wait = 0; wait < RATE_LIMIT_RETRIES && isRateLimited(answer); wait++) {
                sleep(answer.retryAfter() != null ? answer.retryAfter() : Answer.DEFAULT_RETRY);
                answer = target.query(0, images);
                spent += images.size();
            }
            if (!answer.answered()) {
                throw new IllegalStateException("the target refused to classify samples " + from + ".." + (to - 1) + " of " + data.source()
                        + " (" + answer.status() + ", " + answer.reason() + ")");
            }
            for (int j = 0; j < images.size() && chosen.size() < count; j++) {
                if (answer.labels()[j] == data.label(from + j)) chosen.add(new Sample(from + j, images.get(j), data.label(from + j)));
            }
        }
        if (chosen.size() < count) {
            throw new IllegalArgumentException("only " + chosen.size() + " of the " + data.count() + " samples of " + data.source()
                    + " are classified correctly; fewer than the " + count + " asked for");
        }
        return new SampleSet(chosen, spent);
    }

    private static final int RATE_LIMIT_RETRIES = 5;

    private static boolean isRateLimited(Answer answer) {
        return answer.status() == Answer.Status.LOCKED_OUT && "rate_limited".equals(answer.reason());
    }

    private static void sleep(java.time.Duration d) {
        try {
            Thread.sleep(Math.min(d.toMillis(), 10_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting out the rate limit", e);
        }
    }

    public static SampleSet of(List<Sample> samples) {
        return new SampleSet(samples, 0);
    }
}
