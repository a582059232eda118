namespace Bot.Conversations;

/// <summary>
/// What a later question may need of an earlier turn: what was asked and searched, and what the answer cited
/// and quoted; and, so feedback can say what it was about, the turn's id and the answer's text.
/// <see cref="Thread"/> is the question with those it followed on from (oldest first), and <see cref="Kind"/>
/// what kind of answer it wanted, so that "And in 2012?" can be read as the thread's question of another year.
/// <see cref="Focus"/> is what its answer named (people, places, events, dates), which a follow-up may mean;
/// <see cref="OutsideSources"/> marks a question declined because it named what the sources never do.
/// </summary>
public sealed record TurnRecord(
    string Question,
    IReadOnlyList<string> SearchedWords,
    IReadOnlyList<string> CitedPassageIds,
    IReadOnlyList<string> QuotedSentences,
    DateTimeOffset At,
    string? Id = null,
    string? Answer = null,
    string? ReplyId = null,
    IReadOnlyList<string>? Thread = null,
    string? Kind = null,
    IReadOnlyList<string>? Focus = null,
    bool OutsideSources = false);
