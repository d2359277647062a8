package dev.ragservice.domain.answer;

import dev.ragservice.domain.LimitExceededException;
import dev.ragservice.domain.RequestLimits;
import dev.ragservice.domain.access.Scope;
import dev.ragservice.domain.cache.CacheTier;
import dev.ragservice.domain.cache.CachedAnswer;
import dev.ragservice.domain.cache.QueryCaches;
import dev.ragservice.domain.cache.ResponseKey;
import dev.ragservice.domain.cache.SemanticCacheSettings;
import dev.ragservice.ports.DependencyException;
import dev.ragservice.ports.chat.TokenUsage;
import dev.ragservice.ports.vector.SearchHit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The question-answering use case: the response cache, then (when on) the semantic cache, then retrieval (with
 * its own tiers), then the {@link AnswerWriter} chosen at start-up: a chat model, or the extractive answerer.
 */
public final class AnswerQuestion {

    private final Retriever retriever;
    private final AnswerWriter writer;
    private final QueryCaches caches;
    private final SemanticCacheSettings semantic;
    private final RequestLimits limits;
    private final FollowUps followUps;

    /** Without the semantic cache, with the default {@link RequestLimits}. */
    public AnswerQuestion(Retriever retriever, AnswerWriter writer, QueryCaches caches) {
        this(retriever, writer, caches, SemanticCacheSettings.off(), RequestLimits.DEFAULTS);
    }

    /** With the default {@link RequestLimits}. */
    public AnswerQuestion(
            Retriever retriever, AnswerWriter writer, QueryCaches caches, SemanticCacheSettings semantic) {
        this(retriever, writer, caches, semantic, RequestLimits.DEFAULTS);
    }

    /**
     * @param semantic whether and how similar questions share answers; it needs the response tier, and keyword
     *                 searches never use it
     */
    public AnswerQuestion(
            Retriever retriever,
            AnswerWriter writer,
            QueryCaches caches,
            SemanticCacheSettings semantic,
            RequestLimits limits) {
        this(retriever, writer, caches, semantic, limits, new FollowUps(Optional.empty(), caches));
    }

    /** @param followUps how a follow-up question is made self-contained for retrieval */
    public AnswerQuestion(
            Retriever retriever,
            AnswerWriter writer,
            QueryCaches caches,
            SemanticCacheSettings semantic,
            RequestLimits limits,
            FollowUps followUps) {
        this.followUps = Objects.requireNonNull(followUps, "followUps");
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.caches = Objects.requireNonNull(caches, "caches");
        this.semantic = Objects.requireNonNull(semantic, "semantic");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Who writes the answers: the chat model's id, or {@link ExtractiveAnswerer#MODEL_ID}. */
    public String modelId() {
        return writer.modelId();
    }

    /**
     * @throws dev.ragservice.domain.access.ForbiddenException when the caller may not query the namespace
     * @throws dev.ragservice.domain.InvalidRequestException {@code unsupported_mode}
     * @throws DependencyException when the embedding model or the store fails (never when the cache fails; when
     *                             the chat model fails the answer is extractive and marked degraded)
     */
    public Answer answer(Question question) {
        Lookup lookup = lookUp(question);
        if (lookup.cached().isPresent()) {
            return fromCache(lookup.cached().get());
        }
        List<SearchHit> sources =
                retriever.retrieve(lookup.question(), lookup.mode(), lookup.version(), lookup.vector());
        // Nothing to ground an answer in: asking the model would only invite an invented one.
        Answer answer = sources.isEmpty() ? noSources() : writer.write(lookup.question(), sources);
        remember(lookup, answer);
        return answer;
    }

    /**
     * The same answer, streamed to {@code stream}: the sources once the answer is admitted, then its text as it is
     * written; the returned answer is the whole of it. A cached answer is replayed sentence by sentence. Only an
     * answer streamed to its end is cached: one whose stream broke (the model failed after its first piece, or the
     * client went away) is not.
     *
     * @throws DependencyException as {@link #answer}, and when the chat model fails after its first piece
     */
    public Answer stream(Question question, AnswerStream stream) {
        Lookup lookup = lookUp(question);
        if (lookup.cached().isPresent()) {
            Answer cached = fromCache(lookup.cached().get());
            stream.sources(cached.sources());
            for (String piece : Pieces.sentences(cached.text())) {
                stream.text(piece);
            }
            return cached;
        }
        List<SearchHit> sources =
                retriever.retrieve(lookup.question(), lookup.mode(), lookup.version(), lookup.vector());
        Answer answer;
        if (sources.isEmpty()) {
            answer = noSources();
            stream.sources(sources);
            stream.text(answer.text());
        } else {
            answer = writer.stream(lookup.question(), sources, stream);
        }
        remember(lookup, answer);
        return answer;
    }

    /**
     * What the caches know before retrieval.
     *
     * @param vector the question's vector when the semantic cache computed it: retrieval reuses it
     */
    private record Lookup(
            Question question,
            SearchMode mode,
            OptionalLong version,
            Optional<ResponseKey> key,
            Optional<float[]> vector,
            Optional<CachedAnswer> cached) {}

    private Lookup lookUp(Question asked) {
        asked.context().caller().authorize(Scope.QUERY, asked.namespace());
        if (asked.text().length() > limits.charsPerQuestion()) {
            throw new LimitExceededException(
                    RequestLimits.CHARS_PER_QUESTION,
                    limits.charsPerQuestion(),
                    "the question has " + asked.text().length() + " characters");
        }
        Question question = followUps.standalone(asked);
        SearchMode mode = retriever.modeOf(question);
        // One version for the whole request, read before retrieval: see QueryCaches.corpusVersion.
        OptionalLong version = question.useCache() ? caches.corpusVersion(question.namespace()) : OptionalLong.empty();
        Optional<ResponseKey> key = version.isPresent()
                ? Optional.of(new ResponseKey(
                        retriever.searchKey(question, mode, version.getAsLong()),
                        modelId(),
                        writer.settingsKey(question)))
                : Optional.empty();
        Optional<float[]> vector = Optional.empty();
        if (key.isPresent()) {
            Optional<CachedAnswer> cached = caches.answer(key.get());
            if (cached.isPresent()) {
                return new Lookup(question, mode, version, key, vector, cached);
            }
            if (usesSemanticCache(mode)) {
                // A failing model is not caught: retrieval needs this very vector in these modes, and trying
                // again there would double the calls to a provider that is down or throttling us. Only a request
                // whose chunks the search tier holds could have done without it.
                vector = Optional.of(retriever.embedding(question));
                Optional<CachedAnswer> similar = caches.similarAnswer(key.get(), vector.get(), semantic);
                if (similar.isPresent()) {
                    return new Lookup(question, mode, version, key, vector, similar);
                }
            }
        }
        return new Lookup(question, mode, version, key, vector, Optional.empty());
    }

    private Answer noSources() {
        return new Answer(ExtractiveAnswerer.NO_SOURCES_ANSWER, List.of(), false, modelId(), TokenUsage.NONE, false);
    }

    private void remember(Lookup lookup, Answer answer) {
        // A degraded answer is the best we could do while the chat model was failing, not the answer to cache:
        // once the model is back the next asker should get the real one.
        if (lookup.key().isPresent() && !answer.degraded()) {
            ResponseKey key = lookup.key().get();
            caches.putAnswer(key, new CachedAnswer(answer.text(), answer.sources(), answer.model()));
            // The fixed answer to "nothing found" is cheap to repeat and says nothing about a similar question,
            // whose keyword half of a hybrid search may well find sources.
            if (lookup.vector().isPresent() && !answer.sources().isEmpty()) {
                caches.indexQuestion(key, lookup.vector().get(), semantic);
            }
        }
    }

    /**
     * Keyword searches are left out: they are chosen for exact terms (error codes, names, versions) that
     * embeddings blur, so "error E1234" would be answered as "error E1243"; and they need no embedding, which the
     * lookup would add to every miss.
     */
    private boolean usesSemanticCache(SearchMode mode) {
        return semantic.enabled() && mode != SearchMode.KEYWORD && caches.uses(CacheTier.SEMANTIC);
    }

    private static Answer fromCache(CachedAnswer cached) {
        // This request spent no tokens; reporting the original usage would count it twice in metrics.
        return new Answer(cached.text(), cached.sources(), true, cached.model(), TokenUsage.NONE, false);
    }
}
