package dev.ragservice.adapters.pinecone;

import com.google.protobuf.Struct;

/**
 * What a filter selects, as Pinecone can be asked for it. Pinecone has no filter for "everything" or "nothing",
 * so those two are kept apart: everything is a query without a filter, nothing needs no query at all.
 */
sealed interface Selection {

    Selection ALL = new All();
    Selection NONE = new None();

    record All() implements Selection {}

    record None() implements Selection {}

    /** The chunks a Pinecone filter expression matches. */
    record Where(Struct filter) implements Selection {}
}
