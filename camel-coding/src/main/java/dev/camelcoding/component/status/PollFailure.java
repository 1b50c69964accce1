package dev.camelcoding.component.status;

/** The last poll's failure: its kind and CODING's (or the sink's) message. */
public record PollFailure(PollProblem problem, String message) {}
