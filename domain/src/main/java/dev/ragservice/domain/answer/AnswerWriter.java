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

    /**
     * Everything besides the model and the sources that changes the answer's text to this question (the generation
     * settings, and the history when the writer reads it); part of cache keys.
     */
    String settingsKey(Question question);

    /**
     * The answer to the question from these sources (never empty). A failing chat model does not fail the request:
     * the answer is then extractive and marked degraded.
     */
    Answer write(Question question, List<SearchHit> sources);

    /**
     * The same answer, streamed: {@code stream} gets the sources once the answer is admitted, then the text as it
     * is written. A chat model that fails before its first piece gives way to the extractive answer (streamed too,
     * marked degraded); one that fails after it fails the stream, since the client already holds part of an answer.
     *
     * @throws dev.ragservice.ports.DependencyException when the chat model fails after its first piece
     */
    Answer stream(Question question, List<SearchHit> sources, AnswerStream stream);
}
