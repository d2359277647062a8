package dev.ragservice.domain.answer;

import dev.ragservice.ports.vector.SearchHit;
import java.util.List;

/**
 * Where a streamed answer goes as it is written: first its sources, once, then its text piece by piece. The pieces
 * joined are the answer's text. Either method may throw when the receiver is gone (the client disconnected): the
 * exception propagates and the work for the answer stops.
 */
public interface AnswerStream {

    /**
     * The sources the answer will cite ({@code [n]} is the n-th), called once before any text, when the answer is
     * admitted (the client's tokens reserved): a refusal before this call is an ordinary error, not a broken stream.
     */
    void sources(List<SearchHit> sources);

    /** The next piece of the answer's text, never empty. */
    void text(String piece);
}
