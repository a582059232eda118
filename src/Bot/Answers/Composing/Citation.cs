using Bot.Corpus;

namespace Bot.Answers;

/// <summary>A source an answer cites: the marker [<see cref="Position"/>] in the text stands for this passage.</summary>
public sealed record Citation(int Position, Passage Passage, string DocumentTitle);
