using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Bot.Answers;
using Bot.BotFramework;
using Bot.Channels;
using Bot.Corpus;
using Bot.Telemetry;
using Activity = Bot.BotFramework.Activity;

namespace Bot.Cli;

/// <summary>
/// Runs a question file through the same pipeline as the endpoint (activity in, rendered reply out) and scores
/// it. What retrieval brought is read from the turn's trace (the <c>retrieval</c> span names the passages the
/// reader weighed, the <c>composition</c> span those a model was given), as an operator's tracing would see it.
/// </summary>
public sealed class EvalRunner(ActivityHandler handler, CorpusSnapshot corpus)
{
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };
    static readonly Uri LocalBase = new("http://localhost:3978/");

    public static EvalSet Load(string path) =>
        (JsonSerializer.Deserialize<EvalSet>(File.ReadAllText(path), JsonOptions) ?? throw new InvalidDataException($"{path} holds no question set."))
        with { Folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "" };

    public async Task<EvalReport> RunAsync(EvalSet set, CancellationToken cancellationToken)
    {
        var traced = new ConcurrentDictionary<string, TracedTurn>(StringComparer.Ordinal);
        using var listener = Listen(traced);
        var outcomes = new List<TurnOutcome>();
        foreach (var conversation in set.Conversations)
        {
            var conversationId = $"eval-{conversation.Id}-{Guid.NewGuid():N}";
            foreach (var (index, turn) in conversation.Turns.Index())
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
                traced.TryRemove(conversationId, out _);
                var started = Stopwatch.GetTimestamp();
                var replies = await handler.HandleAsync(inbound, LocalBase, cancellationToken).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var seen = traced.GetValueOrDefault(conversationId) ?? new TracedTurn(null, null, null);
                outcomes.Add(Score(set, conversation.Id, turn, replies, elapsed, seen.Weighed, seen.Given) with
                {
                    Opens = index == 0,
                    ReadWithThread = seen.ReadWithThread,
                });
            }
        }
        return new EvalReport(outcomes);
    }

    /// <summary>What a turn's spans said: the passages weighed and given, and whether the question was searched with its thread.</summary>
    sealed record TracedTurn(string[]? Weighed, string[]? Given, bool? ReadWithThread);

    /// <summary>Hears the bot's retrieval and composition spans and keeps what they name, by the turn's conversation.</summary>
    static ActivityListener Listen(ConcurrentDictionary<string, TracedTurn> traced)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = span =>
            {
                var weighed = span.GetTagItem(BotTelemetry.PassagesWeighedTag) as string[];
                var given = span.GetTagItem(BotTelemetry.PassagesGivenTag) as string[];
                var withThread = span.GetTagItem(BotTelemetry.FollowUpTag) as bool?;
                if ((weighed ?? given) is null && withThread is null || ConversationOf(span) is not { } conversation)
                    return;
                // A question of two parts, or one searched again with its thread, is searched twice: the turn weighed
                // what both searches brought, and was read with its thread if either was.
                traced.AddOrUpdate(conversation, new TracedTurn(weighed, given, withThread),
                    (_, old) => new TracedTurn(Both(old.Weighed, weighed), given ?? old.Given, old.ReadWithThread is null ? withThread : old.ReadWithThread | withThread.GetValueOrDefault()));
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    static string[]? Both(string[]? earlier, string[]? later) => earlier is null || later is null ? later ?? earlier : [.. earlier.Union(later)];

    static string? ConversationOf(System.Diagnostics.Activity? span)
    {
        for (; span is not null; span = span.Parent)
        {
            if (span.GetTagItem("bot.conversation_id") is string id)
                return id;
        }
        return null;
    }

    TurnOutcome Score(EvalSet set, string conversationId, EvalTurn turn, IReadOnlyList<Activity> replies, double milliseconds, string[]? weighed, string[]? given)
    {
        var reply = replies.Count > 0 ? replies[0] : new Activity();
        var fullText = reply.Text ?? "";
        // The answer is the text before the Sources list; expectations are judged on it, junk on everything.
        var sourcesAt = fullText.IndexOf("\n\n**Sources**", StringComparison.Ordinal);
        var answerText = sourcesAt >= 0 ? fullText[..sourcesAt] : fullText;
        var citedDocuments = CitedDocuments(reply);
        var declined = citedDocuments.Count == 0 && answerText.Contains("could not find", StringComparison.OrdinalIgnoreCase);

        bool? answerCorrect = turn.Expect is { Count: > 0 } expect
            ? expect.All(pattern => Regex.IsMatch(answerText, pattern, RegexOptions.IgnoreCase))
            : null;
        bool? citationCorrect = turn.Cite is { Count: > 0 } cite
            ? cite.Select(key => set.Docs?.GetValueOrDefault(key, key) ?? key).Any(citedDocuments.Contains)
            : null;
        bool? abstainCorrect = turn.Abstain ? declined : null;
        var junk = (set.Junk ?? []).Where(j => fullText.Contains(j, StringComparison.OrdinalIgnoreCase)).ToList();
        return new TurnOutcome(conversationId, turn.Say, answerText, answerCorrect, citationCorrect, abstainCorrect, junk, milliseconds)
        {
            Kind = turn.Kind ?? (turn.Abstain ? "abstain" : ""),
            IsFollowUp = turn.Followup,
            IsAnswerable = turn.IsAnswerable,
            MustAbstain = turn.Abstain,
            Declined = declined,
            Tentative = !declined && answerText.StartsWith(ExtractiveComposer.Caveat, StringComparison.Ordinal),
            VerdictGiven = VerdictOf(answerText),
            VerdictExpected = turn.Verdict?.ToLowerInvariant(),
            FactRetrieved = turn.IsAnswerable ? Holds(turn, weighed) : null,
            FactGivenToModel = turn.IsAnswerable && given is not null ? Holds(turn, given) : null,
        };
    }

    /// <summary>
    /// The passages hold what answers the turn: every part of its source sentence where the file gives it, else
    /// every expected fact (each in some passage). Null when the turn says neither.
    /// </summary>
    bool? Holds(EvalTurn turn, string[]? passageIds)
    {
        var texts = (passageIds ?? []).Select(corpus.FindPassage).OfType<Passage>().Select(p => Squeezed(p.Text)).ToList();
        if (turn.Source is { Length: > 0 } source)
            // The source as the writer copied it from the page, with the marks cleaning takes out ("[3]") taken out.
            return source.Split("||", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).All(part => texts.Any(t => t.Contains(Squeezed(PageCleaner.RemoveLeftovers(part)), StringComparison.Ordinal)));
        // A pattern anchored at the reply's start ("^\W*no\b") or asking it to say the sources differ is about the
        // reply's form, which no passage holds; only the facts are looked for, and a turn with none is not counted.
        var facts = (turn.Expect ?? []).Where(p => !p.StartsWith('^') && !p.Contains("differ", StringComparison.Ordinal)).ToList();
        return facts.Count > 0 ? facts.All(pattern => texts.Any(t => Regex.IsMatch(t, pattern, RegexOptions.IgnoreCase))) : null;
    }

    static string Squeezed(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace('\u2019', '\'').Replace('\u201c', '"').Replace('\u201d', '"');

    /// <summary>"yes" or "no" when the answer opens with that verdict.</summary>
    static string? VerdictOf(string answer)
    {
        var opening = answer.TrimStart();
        if (opening.StartsWith("Yes", StringComparison.Ordinal) && (opening.Length == 3 || !char.IsLetter(opening[3])))
            return "yes";
        if (opening.StartsWith("No", StringComparison.Ordinal) && (opening.Length == 2 || !char.IsLetter(opening[2])))
            return "no";
        return null;
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
