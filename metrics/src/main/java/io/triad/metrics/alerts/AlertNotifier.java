package io.triad.metrics.alerts;

import java.util.List;

/**
 * Where the changes of one evaluation round go: the log journal (wired by the appliance), webhooks.
 *
 * <p>NOTE: the evaluator calls it from its own thread after every round with changes; an implementation must not
 * block (queue the work) and must not throw for a failed delivery (count it instead).
 */
@FunctionalInterface
public interface AlertNotifier {

    /** Takes the changes of one round, in rule order. */
    void notify(List<AlertChange> changes);
}
