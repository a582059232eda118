using Bot.Answers;
using Bot.Channels;
using Bot.Extensions;

namespace Bot.Cli;

/// <summary>
/// The terminal way in: <c>ask "question"</c> prints an answer with its sources, <c>eval FILE</c> scores a
/// question file, <c>passages</c> lists what the index holds, <c>index</c> builds the index and exits (for
/// an image build). They use the same pipeline as the endpoint.
/// </summary>
public static class CommandLine
{
    static readonly string[] Commands = ["ask", "eval", "passages", "explain", "index"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args)
    {
        // Configuration flags (--Corpus:Path=...) may follow the command's own arguments.
        var settings = args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var operands = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();

        var builder = Host.CreateApplicationBuilder(settings);
        // The terminal shows answers; only warnings go to the log, and on stderr, so stdout stays clean.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddAnswering();
        builder.AddChannels();
        builder.Services.AddSingleton<EvalRunner>();
        using var host = builder.Build();
        var services = host.Services;

        switch (args[0].ToLowerInvariant())
        {
            case "ask" when operands.Length > 0:
                return await AskAsync(services, string.Join(' ', operands));
            case "eval" when operands.Length == 1:
                return await EvalAsync(services, operands[0]);
            case "passages":
                return Passages(services);
            case "index":
                services.WarmUp();
                Console.WriteLine($"The index is ready at {services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Bot.Corpus.CorpusOptions>>().Value.ResolveIndexPath()}.");
                return 0;
            case "explain" when operands.Length > 0:
                return await ExplainAsync(services, string.Join(' ', operands));
            default:
                await Console.Error.WriteLineAsync("""
                    usage:
                      dotnet run --project src/Bot -- ask "Is there a peace treaty?"
                      dotnet run --project src/Bot -- eval tests/Bot.Tests/eval/dev.json
                      dotnet run --project src/Bot -- passages
                      dotnet run --project src/Bot -- index
                    """);
                return 2;
        }
    }

    static async Task<int> AskAsync(IServiceProvider services, string question)
    {
        var handler = services.GetRequiredService<ActivityHandler>();
        var inbound = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "1",
            ChannelId = "terminal",
            From = new ChannelAccount { Id = "you" },
            Recipient = new ChannelAccount { Id = "bot" },
            Conversation = new ConversationAccount { Id = "terminal" },
            Text = question,
        };
        var replies = await handler.HandleAsync(inbound, new Uri("http://localhost:3978/"), CancellationToken.None);
        foreach (var reply in replies)
            Console.WriteLine(reply.Text);
        return 0;
    }

    static async Task<int> EvalAsync(IServiceProvider services, string path)
    {
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"No question file at {Path.GetFullPath(path)}.");
            return 2;
        }
        var report = await services.GetRequiredService<EvalRunner>().RunAsync(EvalRunner.Load(path), CancellationToken.None);
        Console.Write(report.Summary());
        return report.Passed == report.Turns.Count ? 0 : 1;
    }

    /// <summary>How the reader sees a question and which sentences it weighed highest: for tuning, not for users.</summary>
    static async Task<int> ExplainAsync(IServiceProvider services, string text)
    {
        // Earlier turns of a conversation come first, separated by '|': "Is there a peace treaty? | Why not?"
        var turns = text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var answerer = services.GetRequiredService<Answerer>();
        foreach (var earlier in turns[..^1])
            Console.WriteLine($"> {earlier}\n{(await answerer.AnswerAsync("explain", earlier, CancellationToken.None)).Text}\n");
        var history = await services.GetRequiredService<Bot.Conversations.IConversationStore>().RecentTurnsAsync("explain", CancellationToken.None);
        var corpus = services.GetRequiredService<Bot.Corpus.CorpusSnapshot>();
        var question = services.GetRequiredService<QuestionReader>().Read(turns[^1], history, corpus.Metadata.Subject);
        var catalog = services.GetRequiredService<SentenceCatalog>();
        Console.WriteLine($"kind {question.Kind}, follow-up {question.IsFollowUp}, outside the corpus {question.IsOutsideCorpus}, unit {question.UnitWord}, subject {question.Subject}");
        Console.WriteLine($"searched: {question.SearchText}");
        foreach (var term in question.Terms)
            Console.WriteLine($"  {term.Source} {term.Word} -> {term.Stem} idf {catalog.Weight(term.Stem):F2} known {catalog.Knows(term.Stem)} required {term.IsRequired}");
        var evidence = await services.GetRequiredService<EvidenceFinder>().FindAsync(question, history, CancellationToken.None);
        foreach (var hit in services.GetRequiredService<Bot.Index.IPassageIndex>().Search(question.SearchText, evidence.QueryVector, 12))
            Console.WriteLine($"  hit {hit.PassageId} fused {hit.Score:F4} bm25 {hit.Bm25:F2} cos {hit.Similarity:F3}");
        foreach (var ranked in evidence.Sentences.Take(10))
        {
            Console.WriteLine($"{ranked.Score:F3} {ranked.Sentence.Key}: {ranked.Sentence.Text}");
            Console.WriteLine($"       {string.Join(", ", AnswerScorer.Names.Select((n, i) => (n, i)).Skip(1).Where(f => ranked.Features[f.i] != 0).Select(f => $"{f.n} {ranked.Features[f.i]:F2}"))}");
        }
        var answer = await answerer.AnswerAsync("explain", turns[^1], CancellationToken.None);
        Console.WriteLine($"\n{answer.Text}");
        return 0;
    }

    static int Passages(IServiceProvider services)
    {
        var corpus = services.GetRequiredService<Bot.Corpus.CorpusSnapshot>();
        foreach (var passage in corpus.Passages)
            Console.WriteLine($"{passage.Id} [{passage.Heading}] @{passage.Start}+{passage.Length}\n    {passage.Text}\n");
        return 0;
    }
}
