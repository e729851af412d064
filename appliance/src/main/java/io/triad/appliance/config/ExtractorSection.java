package io.triad.appliance.config;

/**
 * One message extractor.
 *
 * @param group the regular expression's group that is the value (0 = whole match)
 */
public record ExtractorSection(String name, String pattern, int group) {
    /** The defaults. */
    public ExtractorSection() {
        this("", "", 0);
    }
}
