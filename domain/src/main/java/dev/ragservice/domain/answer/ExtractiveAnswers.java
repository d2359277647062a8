package dev.ragservice.domain.answer;

import dev.ragservice.ports.vector.SearchHit;
import java.util.List;
import java.util.Objects;

/** Answers with the sources' own sentences ({@code LLM_PROVIDER=extractive}): no model, no tokens spent. */
public final class ExtractiveAnswers implements AnswerWriter {

    private final ExtractiveAnswerer answerer;

    public ExtractiveAnswers(ExtractiveAnswerer answerer) {
        this.answerer = Objects.requireNonNull(answerer, "answerer");
    }

    @Override
    public String modelId() {
        return ExtractiveAnswerer.MODEL_ID;
    }

    @Override
    public String settingsKey(Question question) {
        return "sentences=" + answerer.maxSentences();
    }

    @Override
    public Answer write(Question question, List<SearchHit> sources) {
        return Answer.extractive(answerer.answer(question.text(), sources), sources, false);
    }

    @Override
    public Answer stream(Question question, List<SearchHit> sources, AnswerStream stream) {
        stream.sources(sources);
        return Answer.extractive(answerer.stream(question.text(), sources, stream), sources, false);
    }
}
