package dev.ragservice.domain;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Generators of texts for property tests: every character from a pool, every length within bounds. */
public final class Texts {

    private Texts() {}

    /** Texts of the alphabet's characters (lone surrogates included, if it has them). */
    public static Gen<String> over(String alphabet, int minLength, int maxLength) {
        List<Character> characters = alphabet.chars().mapToObj(c -> (char) c).toList();
        return of(Generate.pick(characters), minLength, maxLength);
    }

    public static Gen<String> of(Gen<Character> characters, int minLength, int maxLength) {
        return lists().of(characters)
                .ofSizeBetween(minLength, maxLength)
                .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
    }
}
