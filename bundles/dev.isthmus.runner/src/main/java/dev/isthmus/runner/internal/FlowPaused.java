package dev.isthmus.runner.internal;

/**
 * A flow cannot go on with its batch now, for no fault of its records: the runner is stopping while a call waits, or
 * an endpoint it calls refuses the runner's credentials. Nothing of the batch is kept; its source hands it out
 * again (after a restart, or once the flow is tried again), so no record is lost or dead-lettered for it.
 */
final class FlowPaused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	FlowPaused(String message) {
		super(message);
	}
}
