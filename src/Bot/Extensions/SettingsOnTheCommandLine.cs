using Bot.Answers;
using Bot.Channels;
using Bot.Channels.DirectLine;
using Bot.Conversations;
using Bot.Corpus;
using Bot.Embeddings;
using Bot.Reports;

namespace Bot.Extensions;

/// <summary>
/// Settings given on the command line ("--Embeddings:Threads=1") are checked against the sections the bot
/// reads: configuration ignores a key nobody binds, so "--Embedding:Threads=1" would run with the default and
/// say nothing, and a measurement made with it would measure something else.
/// </summary>
public static class SettingsOnTheCommandLine
{
    /// <summary>The bot's own sections, and those ASP.NET Core and its logging and telemetry read.</summary>
    static readonly string[] Sections =
    [
        // ConnectorOptions reads the same section as ChannelOptions ("Channels").
        AnswerOptions.Section, BotOptions.Section, ChannelOptions.Section, ConversationOptions.Section,
        CorpusOptions.Section, DirectLineOptions.Section, EmbeddingOptions.Section, FeedbackOptions.Section,
        Answers.Model.LanguageModelOptions.Section, OperatorOptions.Section, ProxyOptions.Section,
        "BotFramework", "AzureMonitor", "Logging", "Kestrel", "AllowedHosts", "ConnectionStrings", "HostFiltering",
    ];

    /// <summary>What is wrong with the settings, one line each ("--Embedding:Threads=1: no section Embedding; did you mean Embeddings?"); empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<string> args)
    {
        var problems = new List<string>();
        foreach (var argument in args)
        {
            if (!argument.StartsWith("--", StringComparison.Ordinal))
                continue;
            // Only "--Section:Key=value" names a section; "--urls=..." and a command's own options do not.
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var colon = argument.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 2 || (equals >= 0 && equals < colon))
                continue;
            var section = argument[2..colon];
            if (Sections.Contains(section, StringComparer.OrdinalIgnoreCase))
                continue;
            var nearest = Sections.MinBy(s => Distance(s.ToLowerInvariant(), section.ToLowerInvariant()))!;
            problems.Add(Distance(nearest.ToLowerInvariant(), section.ToLowerInvariant()) <= Math.Max(1, section.Length / 4)
                ? $"{argument}: the bot reads no section \"{section}\"; did you mean \"{nearest}\"?"
                : $"{argument}: the bot reads no section \"{section}\" (it reads {string.Join(", ", Sections)}).");
        }
        return problems;
    }

    /// <summary>Edits (insert, delete, replace) from one word to the other.</summary>
    static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
