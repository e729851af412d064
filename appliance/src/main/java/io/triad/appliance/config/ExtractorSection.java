package io.triad.appliance.config;

/** One message extractor. */
public final class ExtractorSection {
    public String name = "";
    public String pattern = "";
    public int group;

    static ExtractorSection of(String name, String pattern) {
        ExtractorSection x = new ExtractorSection();
        x.name = name;
        x.pattern = pattern;
        return x;
    }
}
