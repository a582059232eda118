using System.Text.Json.Serialization;

namespace Bot.Cli;

/// <summary>A question file: conversations of turns, each with what its reply must hold (the format of eval/dev.json).</summary>
public sealed record EvalSet(
    string Name,
    IReadOnlyDictionary<string, string>? Docs,
    IReadOnlyList<string>? Junk,
    IReadOnlyList<EvalConversation> Conversations)
{
    /// <summary>
    /// Source texts the questions are about besides the corpus's own, relative to the file's folder: the set
    /// runs against the corpus with these added (the third-document test).
    /// </summary>
    public IReadOnlyList<string>? Documents { get; init; }

    /// <summary>Where the file was read from, so that <see cref="Documents"/> can be found.</summary>
    [JsonIgnore]
    public string Folder { get; init; } = "";

    /// <summary>The extra source texts as full paths.</summary>
    public IEnumerable<string> DocumentPaths => (Documents ?? []).Select(d => Path.GetFullPath(Path.Combine(Folder, d)));
}

public sealed record EvalConversation(string Id, IReadOnlyList<EvalTurn> Turns);

/// <summary>
/// One turn: what is said, and what its reply must hold. <see cref="Kind"/> (when, quantity, yesno, abstain...)
/// groups the report; <see cref="Followup"/> marks a turn that leans on the ones before. <see cref="Verdict"/>
/// ("yes", "no", "unclear") is what a yes-or-no question's answer is, so that a reply opening with the other
/// word is counted as a wrong verdict. <see cref="Source"/> is the sentence that answers (parts joined with
/// " || "), to tell whether retrieval brought it.
/// </summary>
public sealed record EvalTurn(
    string Say,
    IReadOnlyList<string>? Expect,
    IReadOnlyList<string>? Cite,
    bool Abstain,
    string? Kind = null,
    bool Followup = false,
    string? Verdict = null,
    string? Source = null)
{
    /// <summary>The sources answer it: there is something its reply must hold or cite.</summary>
    public bool IsAnswerable => !Abstain && (Expect is { Count: > 0 } || Cite is { Count: > 0 });
}
