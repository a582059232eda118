using System.Diagnostics;
using Bot.Tests.Support;

namespace Bot.Tests.Cli;

/// <summary>The commands as a person types them in a terminal: the real program, its output and its exit code.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_command()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var command in new[] { "ask", "eval", "explain", "passages", "index" })
            Assert.Contains($"  {command}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_prints_a_cited_answer()
    {
        var (code, output, _) = await RunAsync("ask", "Who", "won", "the", "Russo-Japanese", "War?");

        Assert.Equal(0, code);
        Assert.Matches(@"victor|victorious", output);
        Assert.Contains("[1]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_question_file_is_named_and_nothing_is_run()
    {
        var (code, _, errors) = await RunAsync("eval", "no-such-file.json");

        Assert.Equal(2, code);
        Assert.Contains("No question file at", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_without_its_argument_says_what_is_missing()
    {
        var (code, output, errors) = await RunAsync("ask");

        Assert.NotEqual(0, code);
        Assert.Contains("Required argument missing", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ask", "Who won?", "--Embedding:Threads=1")]
    [InlineData("index", "--Answer:MinScore=0")]
    public async Task A_setting_in_a_section_the_bot_does_not_read_is_named_with_the_nearest_one_and_nothing_is_run(params string[] args)
    {
        var (code, output, errors) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains($"{args[^1]}: the bot reads no section", errors, StringComparison.Ordinal);
        Assert.Matches("did you mean \"(Embeddings|Answers)\"", errors);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_corpus_folder_that_does_not_exist_is_named_and_nothing_is_run(bool eval)
    {
        string[] command = eval ? ["eval", Repository.EvalFile("dev.json")] : ["passages"];

        var (code, output, errors) = await RunAsync([.. command, "--Corpus:Path=/no/such/folder"]);

        Assert.Equal(2, code);
        Assert.Contains("/no/such/folder', and there is no such folder", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_writes_every_turn_of_a_set_to_compare_builds_turn_by_turn()
    {
        var folder = Directory.CreateTempSubdirectory("bot-turns-");
        try
        {
            var (code, output, _) = await RunAsync("eval", Repository.EvalFile("dev.json"), "--quiet", "--turns-to", folder.FullName);

            Assert.Equal(0, code);
            Assert.Contains("== dev", output, StringComparison.Ordinal);
            using var turns = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "dev.turns.json")));
            Assert.Equal(13, turns.RootElement.GetArrayLength());
            var first = turns.RootElement[0];
            Assert.Equal("d01", first.GetProperty("ConversationId").GetString());
            Assert.Contains("[1]", first.GetProperty("Reply").GetString(), StringComparison.Ordinal);
            Assert.True(first.GetProperty("Passed").GetBoolean());
            Assert.True(turns.RootElement[12].GetProperty("Declined").GetBoolean());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_turns_folder_that_cannot_be_written_is_named_and_nothing_is_run()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (code, output, errors) = await RunAsync("eval", Repository.EvalFile("dev.json"), "--turns-to", file);

            Assert.Equal(2, code);
            Assert.Contains($"Cannot write the turns to {file}", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("== dev", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_setting_in_a_section_the_bot_reads_is_taken()
    {
        var (code, output, _) = await RunAsync("ask", "Who won the Russo-Japanese War?", "--Embeddings:Threads=1", "--Logging:LogLevel:Default=Warning");

        Assert.Equal(0, code);
        Assert.Contains("[1]", output, StringComparison.Ordinal);
    }

    static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bot.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        if (!args.Any(a => a.StartsWith("--Corpus:Path=", StringComparison.Ordinal)))
            start.ArgumentList.Add($"--Corpus:Path={Repository.Corpus}");
        start.ArgumentList.Add($"--Corpus:IndexPath={TestIndex.RepositoryFolder}");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
