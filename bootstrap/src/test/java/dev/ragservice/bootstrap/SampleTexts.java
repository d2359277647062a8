package dev.ragservice.bootstrap;

/** Three short documents on unrelated topics, for tests that ingest and ask over HTTP. */
public final class SampleTexts {

    public static final String LIGHTHOUSE = "The Fresnel lens was invented by Augustin-Jean Fresnel in 1822. "
            + "Lighthouses used it because it focused the lamp's light into a beam visible for over twenty miles. "
            + "Before it, lighthouses relied on mirrors that wasted most of the light.";
    public static final String SOURDOUGH = "Sourdough bread rises because of wild yeast and lactic acid bacteria "
            + "living in the starter. Bakers feed the starter with flour and water every day. The bacteria give the "
            + "bread its sour taste.";
    public static final String VOLCANO = "Volcanic eruptions happen when magma rises through cracks in the Earth's "
            + "crust. Pressure from dissolved gases pushes the magma up. Ash clouds from large eruptions can cool the "
            + "global climate for years.";

    private SampleTexts() {}
}
