package dev.ragservice.domain.ratelimit;

/**
 * Tokens set aside for one language-model call before it runs, to be settled with the real usage after it.
 *
 * @param reserved 0 when nothing was reserved (limits off, no client, or the store failed open)
 */
public record TokenReservation(ClientKey client, long reserved) {

    public static final TokenReservation NONE = new TokenReservation(new ClientKey("none"), 0);
}
