using System.Net;
using System.Text.Json.Nodes;
using Bot.Answers;
using Bot.Tests.Support;

namespace Bot.Tests.Index;

/// <summary>A broken index is not hidden: the person is told the bot cannot search, and /healthz says why.</summary>
public sealed class IndexFaultTests
{
    [Fact]
    public async Task An_index_damaged_under_a_running_bot_says_it_cannot_search_and_fails_the_health_check()
    {
        using var folder = new TempFolder();
        var index = TestIndex.CopyTo(folder.File("index"));
        // Read from its files, as a large index is: a small one is held in memory and a failing disk cannot touch it.
        await using var app = new BotApp(new() { ["Corpus:IndexPath"] = index, ["Corpus:IndexInMemoryLimitMB"] = "0" });
        var http = app.CreateClient();
        var before = await app.ExpectRepliesAsync(Activities.Message("Who won the Russo-Japanese War?"));
        var healthyBefore = await http.GetAsync("/healthz");

        // The files shrink to nothing under the open index, as on a failing disk.
        foreach (var file in Directory.GetFiles(index))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            stream.SetLength(0);
        }
        var after = await app.ExpectRepliesAsync(Activities.Message("Is there a peace treaty between Japan and Russia?"));
        var health = await http.GetAsync("/healthz");

        Assert.Contains("victor", (string?)before.Single()!["text"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, healthyBefore.StatusCode);
        Assert.Equal(Answerer.CannotSearch, (string?)after.Single()!["text"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
        Assert.Equal("unhealthy", (string?)report["status"]);
        Assert.Contains("passage index failed", (string?)report["problems"]!["index"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_small_index_held_in_memory_keeps_answering_when_its_files_fail_under_it()
    {
        using var folder = new TempFolder();
        var index = TestIndex.CopyTo(folder.File("index"));
        await using var app = new BotApp(new() { ["Corpus:IndexPath"] = index });
        await app.ExpectRepliesAsync(Activities.Message("Who won the Russo-Japanese War?"));

        foreach (var file in Directory.GetFiles(index))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            stream.SetLength(0);
        }
        var after = await app.ExpectRepliesAsync(Activities.Message("Is there a peace treaty between Japan and Russia?"));

        Assert.Contains("peace treaty", (string?)after.Single()!["text"], StringComparison.Ordinal);
    }
}
