package dev.warden.assess;

/** An image to attack: its index in the data set, pixels in [0, 1], and its true class. */
public record Sample(int index, double[] image, int label) {
}
