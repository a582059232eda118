namespace Bot.Answers;

/// <summary>
/// A question as the reader understands it. <see cref="SearchText"/> is what is searched and embedded: the
/// question in the corpus's spelling, after the conversation's thread when it is a follow-up ("When did
/// Medvedev visit the Kurils? And in 2012?").
/// </summary>
public sealed record Question(
    string Text,
    QuestionKind Kind,
    string SearchText,
    IReadOnlyList<QueryTerm> Terms,
    bool IsFollowUp,
    string? UnitWord)
{
    public IEnumerable<QueryTerm> Asked => Terms.Where(t => t.Source == TermSource.Asked);

    /// <summary>
    /// The questions of the conversation's thread this one continues, its own last: what a later follow-up reads with.
    /// They are kept respelt, as they were embedded when asked, so that a follow-up finds their vectors cached: kept as
    /// typed, a question with a misspelling or a number in words cost every follow-up after it a second run of the model.
    /// </summary>
    public IReadOnlyList<string> Thread { get; init; } = [];

    /// <summary>The question's own words in the corpus's spelling, for when it is read without its thread.</summary>
    public string Corrected { get; init; } = "";

    /// <summary>The question names something the corpus never mentions, or most of its words are unknown to it.</summary>
    public bool IsOutsideCorpus { get; init; }

    /// <summary>The question (or its thread) names something, or gives a number, the corpus never mentions ("the 2022 Super Bowl"): a subject of its own that a follow-up would be about.</summary>
    public bool NamesWhatSourcesNever { get; init; }

    /// <summary>A yes-or-no question on a number or a name the sources never give ("Did Abe go in 2018?", "Was it ended by the Treaty of Versailles?"): answered only where they plainly speak to the rest of it.</summary>
    public bool ChecksWhatSourcesNeverGive { get; init; }

    public bool IsNegated { get; init; }

    /// <summary>It points back to a person or thing ("he", "they") and names nothing itself besides the corpus's subject.</summary>
    public bool NamesNobody { get; init; }

    /// <summary>The question needs something besides itself to be understood ("Who won?"): the thread, or the corpus's subject when there is none.</summary>
    public bool LeansOnContext { get; init; }

    /// <summary>The question asks for something besides what the conversation was told ("When did he visit again?", "what else?").</summary>
    public bool AsksForMore { get; init; }

    /// <summary>Words to remember for a later follow-up: what this question was about.</summary>
    public IReadOnlyList<string> TopicWords => [.. Terms.Select(t => t.Word).Distinct().Take(10)];

    /// <summary>
    /// Words searched besides the question's own, never embedded: "what do the Japanese call the islands?" is
    /// answered by a sentence that says what they are "known as".
    /// </summary>
    public string SearchedAlso { get; init; } = "";

    /// <summary>A text of this question (<see cref="SearchText"/> or its own words) with what its word search adds.</summary>
    public string WordsSearched(string text) => SearchedAlso.Length == 0 ? text : $"{text} {SearchedAlso}";

    /// <summary>What the question is about, first of what it says (in "Did Russia win?", Russia), for yes or no.</summary>
    public string? Subject { get; init; }
}
