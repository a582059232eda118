namespace Bot.Answers;

/// <summary>
/// What was measured of one sentence as the answer to one question. Every measure is general (nearness of
/// meaning, shares of the question's words, dates and numbers, the conversation's thread): nothing here is
/// about one corpus's subject. <see cref="AnswerScorer"/> weighs them into a score.
/// </summary>
public sealed record SentenceMeasures
{
    /// <summary>Cosine of the question (read with its thread) and the sentence.</summary>
    public double Similarity { get; init; }

    /// <summary>Cosine of the question's own words, without its thread, and the sentence.</summary>
    public double OwnSimilarity { get; init; }

    /// <summary>Cosine of the question and the sentence read after the one before it (or its heading).</summary>
    public double InContextSimilarity { get; init; }

    /// <summary>Cosine of the question and the sentence's passage.</summary>
    public double PassageSimilarity { get; init; }

    /// <summary>The passage's BM25 score over the best passage's.</summary>
    public double WordRank { get; init; }

    /// <summary>Share of the question's words (by rarity) the sentence holds.</summary>
    public double OwnCoverage { get; init; }

    /// <summary>Share of the question's words (by rarity) the sentence holds as written or as an English synonym ("detained" for "hold").</summary>
    public double SynonymCoverage { get; init; }

    /// <summary>Share of the question's words (by rarity) the sentence's passage and heading hold.</summary>
    public double CoverageAround { get; init; }

    /// <summary>Share of the thread's words (by rarity) the sentence holds, for a follow-up.</summary>
    public double ContextCoverage { get; init; }

    /// <summary>It holds the date a "when" question asks for, or the number by the counted thing a "how many" question does.</summary>
    public double HoldsKind { get; init; }

    /// <summary>It gives the name, role, place or words a who, where or "what is it called" question asks for, which the question does not.</summary>
    public double GivesWhatIsNamed { get; init; }

    /// <summary>It gives a reason, for a why question.</summary>
    public double GivesReason { get; init; }

    /// <summary>It plainly cannot hold what the kind asks for (no date for "when").</summary>
    public double LacksKind { get; init; }

    /// <summary>The sentence is itself a question (a FAQ heading).</summary>
    public double IsQuestion { get; init; }

    /// <summary>The sentence has fewer than six words.</summary>
    public double IsShort { get; init; }

    /// <summary>A follow-up, and the conversation has been told this sentence already.</summary>
    public double QuotedBefore { get; init; }

    /// <summary>The previous answer cited this passage.</summary>
    public double CitedBefore { get; init; }

    /// <summary>Nearest cosine of the sentence to what the previous answer quoted.</summary>
    public double ThreadSimilarity { get; init; }

    /// <summary>How much nearer the sentence is to the question than the candidates on average.</summary>
    public double Lift { get; init; }

    /// <summary>The same, for the question's own words.</summary>
    public double OwnLift { get; init; }

    /// <summary>Share of the question's words (by rarity) that the corpus never uses.</summary>
    public double UnknownShare { get; init; }

    /// <summary>Share of the names the question gives that the sentence holds.</summary>
    public double NamesInSentence { get; init; }

    /// <summary>Share of the names the question gives that the passage holds.</summary>
    public double NamesInPassage { get; init; }

    /// <summary>Share of the numbers the question gives that the sentence holds.</summary>
    public double NumbersInSentence { get; init; }

    /// <summary>Share of the numbers the question gives that the sentence's passage (or its heading) holds.</summary>
    public double NumbersInPassage { get; init; }

    /// <summary>Share of the question's rare words (in two passages or fewer) that the sentence holds.</summary>
    public double RareWordsHeld { get; init; }
}
