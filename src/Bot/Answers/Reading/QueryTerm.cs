namespace Bot.Answers;

/// <summary>
/// A word of the question, as the index stems it. <see cref="IsRequired"/> marks names and numbers the
/// question itself gives: a passage that lacks "Medvedev" or "2010" answers some other question.
/// </summary>
public sealed record QueryTerm(string Word, string Stem, TermSource Source, bool IsRequired = false);
