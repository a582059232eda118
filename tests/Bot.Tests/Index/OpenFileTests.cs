using Bot.Tests.Support;

namespace Bot.Tests.Index;

/// <summary>Counts this process's open files, so it runs with no other test beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Open files";
}

[Collection(RunsAlone.Name)]
public sealed class OpenFileTests
{
    [Fact]
    public async Task Rebuilding_again_and_again_leaves_no_files_open()
    {
        using var corpusFolder = PassageIndexTests.SmallCorpus();
        using var folder = new TempFolder();
        var corpus = PassageIndexTests.LoadCorpus(corpusFolder.Path);
        (await PassageIndexTests.OpenAsync(folder.File("index"), corpus)).Dispose();
        var before = Directory.GetFiles("/proc/self/fd").Length;

        for (var i = 0; i < 10; i++)
        {
            File.WriteAllText(Path.Combine(corpusFolder.Path, "changing.txt"), $"Notes\n\nEdition {i} of the notes mentions the lighthouse.\n");
            using var index = await PassageIndexTests.OpenAsync(folder.File("index"), PassageIndexTests.LoadCorpus(corpusFolder.Path));
            Assert.NotEmpty(index.Search($"edition", null, 3));
        }

        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, before + 10);
    }
}
