namespace Bot.Cli;

/// <summary>A question file: conversations of turns, each with what its reply must hold (the format of eval/dev.json).</summary>
public sealed record EvalSet(
    string Name,
    IReadOnlyDictionary<string, string>? Docs,
    IReadOnlyList<string>? Junk,
    IReadOnlyList<EvalConversation> Conversations);
