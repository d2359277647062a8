package dev.ragservice.domain.answer;

import dev.ragservice.ports.vector.SearchHit;
import java.util.List;

/**
 * Who writes an answer from the retrieved sources: a chat model ({@link ModelAnswers}) or the sources' own
 * sentences ({@link ExtractiveAnswers}). Chosen once, at start-up, from the configuration.
 */
public sealed interface AnswerWriter permits ModelAnswers, ExtractiveAnswers {

    /** Who writes the answers: the chat model's id, or {@link ExtractiveAnswerer#MODEL_ID}; part of cache keys. */
    String modelId();

    /** Everything besides the model and the sources that changes an answer's text; part of cache keys. */
    String settingsKey();

    /**
     * The answer to the question from these sources (never empty). A failing chat model does not fail the request:
     * the answer is then extractive and marked degraded.
     */
    Answer write(Question question, List<SearchHit> sources);
}
