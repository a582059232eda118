using System.CommandLine;
using Bot.Answers;
using Bot.BotFramework;
using Bot.Channels;
using Bot.Extensions;

namespace Bot.Cli;

/// <summary>
/// The terminal way in, through System.CommandLine: <c>ask</c> prints an answer with its sources, <c>eval</c>
/// scores a question file, <c>passages</c> lists what the index holds, <c>explain</c> shows how a question
/// is read and weighed, <c>index</c> builds the index and exits (for an image build). They use the same
/// pipeline as the endpoint. Settings may follow in the host's own form (<c>--Corpus:Path=/data/corpus</c>).
/// </summary>
public static class CommandLine
{
    static readonly string[] HelpWords = ["--help", "-h", "-?", "help"];

    /// <summary>Whether the arguments name a command (or ask for help); otherwise the bot serves.</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (HelpWords.Contains(args[0], StringComparer.OrdinalIgnoreCase) || Root().Subcommands.Any(c => c.Name.Equals(args[0], StringComparison.OrdinalIgnoreCase)));

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0].Equals("help", StringComparison.OrdinalIgnoreCase))
            args = ["--help"];
        // The host's own settings (--Corpus:Path=...) are set aside for it; the rest is the command's.
        var settings = args.Where(IsSetting).ToArray();
        return await Root(settings).Parse([.. args.Where(a => !IsSetting(a))]).InvokeAsync().ConfigureAwait(false);
    }

    static bool IsSetting(string argument) =>
        argument.StartsWith("--", StringComparison.Ordinal) && argument.AsSpan(2).IndexOfAny(':', '=') > 0;

    static RootCommand Root(string[]? settings = null)
    {
        var root = new RootCommand("Answers questions about whether Japan and Russia are still at war, from the sources in corpus/, with citations. Run with no command to serve the chat page and /api/messages.");

        var question = new Argument<string[]>("question") { Description = "The question, in words", Arity = ArgumentArity.OneOrMore };
        var ask = Command(settings, "ask", "Answer one question and print the answer with its sources.", (services, result, token) =>
            AskAsync(services, string.Join(' ', result.GetValue(question)!), token));
        ask.Arguments.Add(question);

        var files = new Argument<FileInfo[]>("files") { Description = "Question files in the format of tests/Bot.Tests/eval/dev.json", Arity = ArgumentArity.OneOrMore };
        var quiet = new Option<bool>("--quiet") { Description = "Leave out the list of failed turns" };
        var turnsTo = new Option<DirectoryInfo?>("--turns-to") { Description = "Also write every turn's question, reply and checks, one JSON file per set, into this folder, to compare two builds turn by turn" };
        var eval = new Command("eval", "Run question files and print, for each, answers and citations right, abstentions, false declines and answers, wrong verdicts, retrieval recall and latency, by question kind.");
        eval.Arguments.Add(files);
        eval.Options.Add(quiet);
        eval.Options.Add(turnsTo);
        eval.SetAction((result, token) => WithValidSettings(() => EvalAsync(settings ?? [], result.GetValue(files)!, result.GetValue(quiet), result.GetValue(turnsTo), token)));

        var turns = new Argument<string[]>("turns") { Description = "Earlier turns first, separated by '|': \"Is there a peace treaty? | Why not?\"", Arity = ArgumentArity.OneOrMore };
        var explain = Command(settings, "explain", "Show how a question is read, which passages were found and how its sentences were weighed.", (services, result, token) =>
            ExplainAsync(services, string.Join(' ', result.GetValue(turns)!), token));
        explain.Arguments.Add(turns);

        var passages = Command(settings, "passages", "List the passages the index holds, after cleaning.", (services, _, _) => Task.FromResult(Passages(services)));

        var index = Command(settings, "index", "Build the index (and write the model files) if need be, then exit.", (services, _, _) =>
        {
            services.WarmUp();
            Console.WriteLine($"The index is ready at {services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Bot.Corpus.CorpusOptions>>().Value.ResolveIndexPath()}.");
            return Task.FromResult(0);
        });

        foreach (var command in new[] { ask, eval, explain, passages, index })
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>A command whose action runs on the answering pipeline, built with the settings given after it.</summary>
    static Command Command(string[]? settings, string name, string description, Func<IServiceProvider, ParseResult, CancellationToken, Task<int>> action)
    {
        var command = new Command(name, description);
        command.SetAction((result, token) => WithValidSettings(async () =>
        {
            using var host = BuildHost(settings ?? []);
            return await action(host.Services, result, token).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>A setting given wrong ("--Corpus:Path=/no/such/folder") is the person's to mend: it is named, with exit code 2, not thrown.</summary>
    static async Task<int> WithValidSettings(Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, e.Failures)).ConfigureAwait(false);
            return 2;
        }
    }

    static IHost BuildHost(string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(settings);
        // The terminal shows answers; only warnings go to the log, and on stderr, so stdout stays clean.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddAnswering();
        builder.AddChannels();
        builder.Services.AddSingleton<EvalRunner>();
        return builder.Build();
    }

    static async Task<int> AskAsync(IServiceProvider services, string question, CancellationToken cancellationToken)
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
        var replies = await handler.HandleAsync(inbound, new Uri("http://localhost:3978/"), cancellationToken);
        foreach (var reply in replies)
            Console.WriteLine(reply.Text);
        return 0;
    }

    /// <summary>
    /// Runs each question file against its corpus: the bot's own, or, for a set that names extra source texts,
    /// the bot's own with those added, in a folder (and index) of its own under the temp folder.
    /// </summary>
    static async Task<int> EvalAsync(string[] settings, FileInfo[] files, bool quiet, DirectoryInfo? turnsTo, CancellationToken cancellationToken)
    {
        var sets = new List<EvalSet>();
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"No question file at {file.FullName}.");
                return 2;
            }
            try
            {
                sets.Add(EvalRunner.Load(file.FullName));
            }
            catch (System.Text.Json.JsonException e)
            {
                await Console.Error.WriteLineAsync($"{file.FullName} is not a question file: {e.Message}");
                return 2;
            }
        }
        if (turnsTo is not null)
        {
            try
            {
                turnsTo.Create();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Cannot write the turns to {turnsTo.FullName}: {e.Message}");
                return 2;
            }
        }
        var allPassed = true;
        var rows = new List<string>();
        foreach (var (set, file) in sets.Zip(files))
        {
            string[] hostSettings = settings;
            if (set.Documents is { Count: > 0 })
            {
                string baseCorpus;
                using (var probe = BuildHost(settings))
                    baseCorpus = probe.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Bot.Corpus.CorpusOptions>>().Value.ResolveFolder();
                var (corpus, index) = EvalCorpus.Prepare(set, baseCorpus, Path.Combine(Path.GetTempPath(), "bot-eval"));
                hostSettings = [.. settings, $"--Corpus:Path={corpus}", $"--Corpus:IndexPath={index}"];
            }
            using var host = BuildHost(hostSettings);
            var report = await host.Services.GetRequiredService<EvalRunner>().RunAsync(set, cancellationToken);
            Console.WriteLine($"== {set.Name}{(set.Documents is { Count: > 0 } ? $" (the corpus with {string.Join(", ", set.Documents)})" : "")}");
            Console.Write(report.Summary(showFailures: !quiet));
            if (turnsTo is not null)
            {
                await using var output = File.Create(Path.Combine(turnsTo.FullName, $"{Path.GetFileNameWithoutExtension(file.Name)}.turns.json"));
                await System.Text.Json.JsonSerializer.SerializeAsync(output, report.Turns, TurnsJson, cancellationToken);
            }
            Console.WriteLine();
            allPassed &= report.Passed == report.Turns.Count;
            var answerable = report.Answerable.Count();
            var unanswerable = report.Unanswerable.Count();
            rows.Add($"| {set.Name} | {report.Turns.Count} | {report.RightAndCited} of {answerable} | {unanswerable - report.FalseAnswers} of {unanswerable} | {report.FalseDeclines} | {report.FalseAnswers} | {report.WrongVerdicts} | {Recall(report.Recall(false))} | {Recall(report.Recall(true))} | {report.ConfidentlyWrong} |");
        }
        if (sets.Count > 1)
        {
            Console.WriteLine("| set | turns | answerable right, cited | declined of those to decline | false declines | false answers | wrong verdicts | recall, first turns | recall, follow-ups | answered plainly and wrong |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in rows)
                Console.WriteLine(row);
        }
        return allPassed ? 0 : 1;
    }

    static readonly System.Text.Json.JsonSerializerOptions TurnsJson = new() { WriteIndented = true };

    static string Recall((int Held, int Of) recall) => recall.Of == 0 ? "" : $"{recall.Held} of {recall.Of}";

    /// <summary>How the reader sees a question and which sentences it weighed highest: for tuning, not for users.</summary>
    static async Task<int> ExplainAsync(IServiceProvider services, string text, CancellationToken cancellationToken)
    {
        // Earlier turns of a conversation come first, separated by '|': "Is there a peace treaty? | Why not?"
        var turns = text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var answerer = services.GetRequiredService<Answerer>();
        foreach (var earlier in turns[..^1])
            Console.WriteLine($"> {earlier}\n{(await answerer.AnswerAsync("explain", earlier, cancellationToken)).Text}\n");
        var history = Answerer.ThreadOf(await services.GetRequiredService<Bot.Conversations.IConversationStore>().RecentTurnsAsync("explain", cancellationToken));
        var corpus = services.GetRequiredService<Bot.Corpus.CorpusSnapshot>();
        var question = services.GetRequiredService<QuestionReader>().Read(turns[^1], history, corpus.Metadata.Subject);
        var catalog = services.GetRequiredService<SentenceCatalog>();
        Console.WriteLine($"kind {question.Kind}, follow-up {question.IsFollowUp}, outside the corpus {question.IsOutsideCorpus}, unit {question.UnitWord}, subject {question.Subject}");
        Console.WriteLine($"searched: {question.SearchText}");
        foreach (var term in question.Terms)
            Console.WriteLine($"  {term.Source} {term.Word} -> {term.Stem} idf {catalog.Weight(term.Stem):F2} known {catalog.Knows(term.Stem)}{(catalog.DerivationsOf(term.Stem) is { Count: > 0 } forms ? $" (as {string.Join(", ", forms)})" : "")} required {term.IsRequired}{(term.PhrasalVerb is { } verb ? $" phrasal {verb} ({string.Join(", ", catalog.SynonymsOf(verb))})" : "")}");
        var evidence = await services.GetRequiredService<EvidenceFinder>().FindAsync(question, history, cancellationToken);
        foreach (var hit in services.GetRequiredService<Bot.Index.IPassageIndex>().Search(question.WordsSearched(question.SearchText), evidence.QueryVector, 12))
            Console.WriteLine($"  hit {hit.PassageId} fused {hit.Score:F4} bm25 {hit.Bm25:F2} cos {hit.Similarity:F3}");
        foreach (var ranked in evidence.Sentences.Take(10))
        {
            Console.WriteLine($"{ranked.Score:F3} {ranked.Sentence.Key}: {ranked.Sentence.Text}");
            var vector = AnswerScorer.Vector(ranked.Measures);
            Console.WriteLine($"       {string.Join(", ", AnswerScorer.Measures.Select((m, i) => (m.Name, Value: vector[i])).Skip(1).Where(f => f.Value != 0).Select(f => $"{f.Name} {f.Value:F2}"))}");
        }
        var answerability = services.GetRequiredService<Answerability>();
        Console.WriteLine($"answered with a likelihood of {answerability.Likelihood(question, evidence.Sentences):F2} (it answers from {answerability.Fitted.Threshold:F2})");
        var answer = await answerer.AnswerAsync("explain", turns[^1], cancellationToken);
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
