namespace Bot.Answers;

/// <summary>
/// A word of the question, as the index stems it. <see cref="IsRequired"/> marks names and numbers the
/// question itself gives: a passage that lacks "Medvedev" or "2010" answers some other question.
/// <see cref="PhrasalVerb"/> is the verb with the particle after it ("kick_out" for "kicked them out"), where English
/// has other words for the two together ("expel"): a sentence that says one of those says what was asked.
/// </summary>
public sealed record QueryTerm(string Word, string Stem, TermSource Source, bool IsRequired = false, string? PhrasalVerb = null);
