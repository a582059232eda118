using Bot.Tests.Support;

namespace Bot.Tests.Answers;

/// <summary>A word most passages hold is left out of the word search (it ranks nothing and costs a scan of every passage holding it).</summary>
public sealed class SearchBudgetTests
{
    [Fact]
    public async Task A_word_most_passages_hold_is_left_out_of_the_search_but_a_rare_one_is_searched()
    {
        using var folder = new TempFolder();
        for (var document = 0; document < 30; document++)
        {
            var paragraphs = Enumerable.Range(0, 10).Select(p => $"The harbour of town {document} number {p} keeps its boats in good order all year.");
            if (document == 7)
                paragraphs = paragraphs.Append("The harbour of the lighthouse town was rebuilt after the storm.");
            File.WriteAllText(folder.File($"doc{document}.txt"), $"Harbour Notes {document}\n\n" + string.Join("\n\n", paragraphs) + "\n");
        }
        using var pipeline = new Pipeline(folder.Path);

        var hits = pipeline.Index.Search("When was the lighthouse harbour rebuilt?", null, 5);

        Assert.Equal("doc7", hits[0].PassageId.Split('#')[0]);
        Assert.Single(hits);
        Assert.Contains("lighthouse", (await pipeline.AskAsync("When was the lighthouse harbour rebuilt?")).Text, StringComparison.Ordinal);
    }
}
