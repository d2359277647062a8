package dev.ragservice.benchmarks.startup;

import dev.ragservice.benchmarks.baseline.TutorialPipeline;

/**
 * The floor of start-up, run in a JVM of its own by {@link StartToReady}: loads LangChain4j's all-MiniLM-L6-v2,
 * embeds one sentence, prints {@value #DONE} and exits. No service that answers with this model can be ready
 * sooner than a JVM can do this.
 */
public final class ModelLoad {

    static final String DONE = "model loaded and answering";

    private ModelLoad() {}

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        new TutorialPipeline().embed("Is the model loaded?");
        System.out.println(DONE);
    }
}
