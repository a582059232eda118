using Bot.Corpus;
using Bot.Index;

namespace Bot.Answers;

/// <summary>What the reader needs to know of one sentence, worked out once at start-up rather than per question.</summary>
public sealed class SentenceFacts
{
    public required Passage Passage { get; init; }
    public required int Index { get; init; }
    public required string Text { get; init; }

    /// <summary>The stems of the sentence's words, as the index analyses them.</summary>
    public required StemSet Stems { get; init; }

    /// <summary>Every word's stem in order (stop words as written, numbers as written): for "a number beside the counted word".</summary>
    public required IReadOnlyList<string> WordStems { get; init; }

    /// <summary>The sentence's clauses (split at commas, semicolons and conjunctions), each with its stems and whether it is negated.</summary>
    public required IReadOnlyList<Clause> Clauses { get; init; }

    public required IReadOnlyList<string> Numbers { get; init; }
    public required IReadOnlyList<string> Years { get; init; }
    public required bool HasNumberWord { get; init; }
    public required bool HasDate { get; init; }
    public required int WordCount { get; init; }

    /// <summary>It opens by pointing back ("This is his second trip", "That suggestion was unpopular") and needs the sentence before it.</summary>
    public required bool LeansOnPrevious { get; init; }

    public bool IsQuestion => Text.EndsWith('?');

    /// <summary>It counts or measures something: a number that is not a year, or a number word.</summary>
    public bool HasQuantity => Numbers.Count > Years.Count || HasNumberWord;

    /// <summary>The sentence's name in the catalog ("passage/index"), made once: every turn compares many.</summary>
    public string Key => _key ??= $"{Passage.Id}/{Index}";

    string? _key;
}
