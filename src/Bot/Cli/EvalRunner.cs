using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Bot.BotFramework;
using Bot.Channels;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Bot.Cli;

public sealed record EvalConversation(string Id, IReadOnlyList<EvalTurn> Turns);

/// <summary>One turn: what is said, and what its reply must hold. <see cref="Kind"/> (when, quantity, yesno, abstain...) groups the report; <see cref="Followup"/> marks a turn that leans on the ones before.</summary>
public sealed record EvalTurn(
    string Say,
    IReadOnlyList<string>? Expect,
    IReadOnlyList<string>? Cite,
    bool Abstain,
    string? Kind = null,
    bool Followup = false);

public sealed record TurnOutcome(string ConversationId, string Question, string Reply, bool? AnswerCorrect, bool? CitationCorrect, bool? AbstainCorrect, IReadOnlyList<string> JunkFound, double Milliseconds)
{
    public string Kind { get; init; } = "";
    public bool IsFollowUp { get; init; }

    public bool Passed => AnswerCorrect != false && CitationCorrect != false && AbstainCorrect != false && JunkFound.Count == 0;
}

public sealed record EvalReport(IReadOnlyList<TurnOutcome> Turns)
{
    public double AnswerAccuracy => Ratio(Turns.Where(t => t.AnswerCorrect is not null), t => t.AnswerCorrect == true);
    public double CitationAccuracy => Ratio(Turns.Where(t => t.CitationCorrect is not null), t => t.CitationCorrect == true);
    public double AbstentionAccuracy => Ratio(Turns.Where(t => t.AbstainCorrect is not null), t => t.AbstainCorrect == true);
    public int RepliesWithJunk => Turns.Count(t => t.JunkFound.Count > 0);
    public int Passed => Turns.Count(t => t.Passed);

    public double Percentile(double p)
    {
        var sorted = Turns.Select(t => t.Milliseconds).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    static double Ratio(IEnumerable<TurnOutcome> turns, Func<TurnOutcome, bool> good)
    {
        var list = turns.ToList();
        return list.Count == 0 ? 1 : (double)list.Count(good) / list.Count;
    }

    public string Summary()
    {
        var text = new StringBuilder();
        foreach (var turn in Turns.Where(t => !t.Passed))
            text.AppendLine($"FAIL {turn.ConversationId}: {turn.Question}\n     -> {turn.Reply.ReplaceLineEndings(" ")}");
        text.AppendLine($"turns: {Turns.Count}, passed: {Passed}");
        text.AppendLine($"answer accuracy:     {AnswerAccuracy:P1}");
        text.AppendLine($"citation accuracy:   {CitationAccuracy:P1}");
        text.AppendLine($"abstentions correct: {AbstentionAccuracy:P1}");
        text.AppendLine($"replies with junk:   {RepliesWithJunk}");
        text.AppendLine($"latency per turn:    p50 {Percentile(0.5):F3} ms, p95 {Percentile(0.95):F3} ms, max {Percentile(1):F3} ms");
        if (Turns.Any(t => t.Kind.Length > 0))
        {
            text.AppendLine("by kind:");
            foreach (var group in Turns.GroupBy(t => t.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
                text.AppendLine($"  {group.Key,-10} {group.Count(t => t.Passed),3} of {group.Count(),3}");
            var followUps = Turns.Where(t => t.IsFollowUp).ToList();
            text.AppendLine($"  {"follow-up",-10} {followUps.Count(t => t.Passed),3} of {followUps.Count,3}");
        }
        return text.ToString();
    }
}

/// <summary>Runs a question file through the same pipeline as the endpoint (activity in, rendered reply out) and scores it.</summary>
public sealed class EvalRunner(ActivityHandler handler)
{
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };
    static readonly Uri LocalBase = new("http://localhost:3978/");

    public static EvalSet Load(string path) =>
        JsonSerializer.Deserialize<EvalSet>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"{path} holds no question set.");

    public async Task<EvalReport> RunAsync(EvalSet set, CancellationToken cancellationToken)
    {
        var outcomes = new List<TurnOutcome>();
        foreach (var conversation in set.Conversations)
        {
            var conversationId = $"eval-{conversation.Id}-{Guid.NewGuid():N}";
            foreach (var turn in conversation.Turns)
            {
                var inbound = new Activity
                {
                    Type = ActivityTypes.Message,
                    Id = Guid.NewGuid().ToString("N"),
                    ChannelId = "eval",
                    ServiceUrl = LocalBase.ToString(),
                    From = new ChannelAccount { Id = "eval-user" },
                    Recipient = new ChannelAccount { Id = "bot" },
                    Conversation = new ConversationAccount { Id = conversationId },
                    Text = turn.Say,
                };
                var started = Stopwatch.GetTimestamp();
                var replies = await handler.HandleAsync(inbound, LocalBase, cancellationToken).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                outcomes.Add(Score(set, conversation.Id, turn, replies, elapsed));
            }
        }
        return new EvalReport(outcomes);
    }

    static TurnOutcome Score(EvalSet set, string conversationId, EvalTurn turn, IReadOnlyList<Activity> replies, double milliseconds)
    {
        var reply = replies.Count > 0 ? replies[0] : new Activity();
        var fullText = reply.Text ?? "";
        // The answer is the text before the Sources list; expectations are judged on it, junk on everything.
        var sourcesAt = fullText.IndexOf("\n\n**Sources**", StringComparison.Ordinal);
        var answerText = sourcesAt >= 0 ? fullText[..sourcesAt] : fullText;
        var citedDocuments = CitedDocuments(reply);

        bool? answerCorrect = turn.Expect is { Count: > 0 } expect
            ? expect.All(pattern => Regex.IsMatch(answerText, pattern, RegexOptions.IgnoreCase))
            : null;
        bool? citationCorrect = turn.Cite is { Count: > 0 } cite
            ? cite.Select(key => set.Docs?.GetValueOrDefault(key, key) ?? key).Any(citedDocuments.Contains)
            : null;
        bool? abstainCorrect = turn.Abstain ? citedDocuments.Count == 0 && answerText.Contains("could not find", StringComparison.OrdinalIgnoreCase) : null;
        var junk = (set.Junk ?? []).Where(j => fullText.Contains(j, StringComparison.OrdinalIgnoreCase)).ToList();
        return new TurnOutcome(conversationId, turn.Say, answerText, answerCorrect, citationCorrect, abstainCorrect, junk, milliseconds)
        {
            Kind = turn.Kind ?? (turn.Abstain ? "abstain" : ""),
            IsFollowUp = turn.Followup,
        };
    }

    /// <summary>The documents the reply's Message entity cites, read back from the claim URLs as a channel would see them.</summary>
    static HashSet<string> CitedDocuments(Activity reply)
    {
        var documents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in reply.Entities ?? [])
        {
            if (entity["citation"] is not System.Text.Json.Nodes.JsonArray claims)
                continue;
            foreach (var claim in claims)
            {
                var url = claim?["appearance"]?["url"]?.GetValue<string>();
                if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                    documents.Add(Uri.UnescapeDataString(uri.AbsolutePath.Split('/')[^1]));
            }
        }
        return documents;
    }
}
