using System.Text.RegularExpressions;
using Bot.Tests.Support;

namespace Bot.Tests.Docs;

/// <summary>
/// The README's example conversations are asked of the bot as written: each exchange that follows a blank
/// line starts a new conversation, and every reply must still hold what the README shows ("..." leaves out
/// the rest), sources and their labels included.
/// </summary>
public sealed partial class ReadmeExampleTests
{
    [Fact]
    public async Task Every_example_exchange_in_the_readme_gets_the_reply_it_shows()
    {
        var conversations = Examples(File.ReadAllText(Path.Combine(Repository.Root, "README.md")));
        await using var app = new BotApp();

        Assert.True(conversations.Count >= 4, "the README's example block was not found");
        var failures = new List<string>();
        for (var c = 0; c < conversations.Count; c++)
        {
            foreach (var (question, shown, sources) in conversations[c])
            {
                var replies = await app.ExpectRepliesAsync(Activities.Message(question, $"readme-{c}"));
                var reply = Normalized(string.Join("\n", replies.Select(r => (string?)r!["text"] ?? "")));
                foreach (var piece in shown.Split("...").Select(Normalized).Where(p => p.Length > 0))
                {
                    if (!reply.Contains(piece, StringComparison.Ordinal))
                        failures.Add($"{question}\n  shown: {piece}\n  reply: {reply}");
                }
                foreach (var (title, label) in sources)
                {
                    if (!reply.Contains($"[{title}](", StringComparison.Ordinal) || !reply.Contains($"({label})", StringComparison.Ordinal))
                        failures.Add($"{question}\n  source shown: {title} ({label})\n  reply: {reply}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>The exchanges of the first fenced block that opens with "You:", grouped into conversations.</summary>
    static List<List<(string Question, string Shown, List<(string Title, string Label)> Sources)>> Examples(string readme)
    {
        var block = ExampleBlock().Match(readme).Groups["body"].Value;
        var conversations = new List<List<(string, string, List<(string, string)>)>>();
        string? question = null;
        var shown = new List<string>();
        var sources = new List<(string, string)>();
        var blankBefore = true;
        void Finish()
        {
            if (question is not null)
                conversations[^1].Add((question, string.Join(" ", shown), [.. sources]));
            question = null;
            shown.Clear();
            sources.Clear();
        }
        foreach (var raw in block.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("You:", StringComparison.Ordinal))
            {
                Finish();
                if (blankBefore || conversations.Count == 0)
                    conversations.Add([]);
                question = line["You:".Length..].Trim();
            }
            else if (line.StartsWith("Bot:", StringComparison.Ordinal))
                shown.Add(line["Bot:".Length..].Trim());
            else if (SourceLine().Match(line) is { Success: true } source)
                sources.Add((source.Groups["title"].Value, source.Groups["label"].Value));
            else if (line.Length > 0 && line != "Sources" && question is not null && sources.Count == 0)
                shown.Add(line);
            blankBefore = line.Length == 0;
        }
        Finish();
        return conversations;
    }

    static string Normalized(string text) => Whitespace().Replace(text.Replace("**Sources**", "Sources", StringComparison.Ordinal), " ").Trim();

    [GeneratedRegex(@"```\n(?<body>You:.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    [GeneratedRegex(@"^\d+\. (?<title>.+) \((?<label>¶[\d-]+|[^()]+, ¶[\d-]+)\)$")]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
