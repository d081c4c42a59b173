package dev.warden.fuzz;

import java.util.Map;

/**
 * What the oracles said about one candidate: its activations and class on the local model, and for each
 * oracle that failed the class it observed (for nan: the local class), with a short detail.
 */
record Verdict(Candidate candidate, ActivationModel.Observation observation, Map<Oracle, Integer> failed,
               Map<Oracle, String> details, GuardOracle.Reply guard) {
}
