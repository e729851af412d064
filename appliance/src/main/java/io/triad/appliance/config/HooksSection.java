package io.triad.appliance.config;

/**
 * A component's hooks.
 *
 * @param timeoutSeconds how long one hook may run before it is killed
 */
public record HooksSection(
        String start, String stop, String promote, String demote, String setWeight, String update, int timeoutSeconds) {
    /** The defaults. */
    public HooksSection() {
        this("", "", "", "", "", "", 30);
    }

    public HooksSection withPromote(String promote) {
        return new HooksSection(start, stop, promote, demote, setWeight, update, timeoutSeconds);
    }

    public HooksSection withUpdate(String update) {
        return new HooksSection(start, stop, promote, demote, setWeight, update, timeoutSeconds);
    }

    public HooksSection withTimeoutSeconds(int timeoutSeconds) {
        return new HooksSection(start, stop, promote, demote, setWeight, update, timeoutSeconds);
    }
}
