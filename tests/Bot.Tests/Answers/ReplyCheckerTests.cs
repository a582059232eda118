using Bot.Answers;
using Bot.Answers.Model;
using Bot.Corpus;

namespace Bot.Tests.Answers;

/// <summary>The checks a model's reply passes before anyone sees it, on passages written for the purpose.</summary>
public sealed class ReplyCheckerTests
{
    static readonly IReadOnlyList<GivenPassage> Given = Passages(
        "The Soviet Union and Japan signed a Joint Declaration in Moscow in 1956. It ended the state of war between the two countries.",
        "Trade between Russia and Japan reached $30 billion in 2013, much of it oil and liquefied natural gas from Sakhalin.");

    static IReadOnlyList<GivenPassage> Passages(params string[] texts)
    {
        var documents = texts.Select((text, i) => new Document(
            $"doc{i + 1}",
            $"doc{i + 1}.txt",
            $"Document {i + 1}",
            [new Passage($"doc{i + 1}#p1", $"doc{i + 1}", null, 1, 0, 0, text.Length, text)],
            [])).ToList();
        var catalog = new SentenceCatalog(new CorpusSnapshot(new CorpusMetadata(), documents, "test"));
        return [.. documents.Select((d, i) => new GivenPassage(i + 1, d.Passages[0], d.Title, catalog.Find(d.Passages[0].Id)!.Sentences))];
    }

    [Theory]
    [InlineData("Japan and the Soviet Union ended the state of war in 1956 [1].")]
    [InlineData("Japan and the Soviet Union ended the state of war in 1956. [1]")]
    [InlineData("Japan and the Soviet Union ended the state of war in 1956 [Passage 1].")]
    [InlineData("- **Japan and the Soviet Union** ended the state of war in 1956 [1]")]
    public void A_sentence_in_the_models_own_words_that_its_passage_supports_is_kept(string reply)
    {
        var checkedReply = ReplyChecker.Check(reply, Given);

        var kept = Assert.Single(checkedReply.Kept);
        Assert.Equal("Japan and the Soviet Union ended the state of war in 1956", kept.Text.TrimEnd('.'));
        Assert.Equal([1], kept.Cited);
        Assert.True(checkedReply.IsUsable);
    }

    [Theory]
    [InlineData("Russia and Japan traded $30 billion of goods in 2013, largely oil and gas [1, 2].")]
    [InlineData("Russia and Japan traded $30 billion of goods in 2013, largely oil and gas [1][2].")]
    [InlineData("Russia and Japan traded $30 billion of goods in 2013, largely oil and gas [1-2].")]
    public void A_sentence_may_cite_several_passages_in_any_common_notation(string reply)
    {
        var kept = Assert.Single(ReplyChecker.Check(reply, Given).Kept);

        Assert.Equal([1, 2], kept.Cited);
    }

    [Theory]
    [InlineData("Japan and the Soviet Union ended the state of war in 1956.", "cites no passage")]
    [InlineData("Japan and the Soviet Union ended the state of war in 1956 [3].", "not given")]
    [InlineData("Japan and the Soviet Union ended the state of war in 1957 [1].", "number 1957")]
    [InlineData("Trade between Russia and Japan reached $30 million in 2013 [2].", "\"million\"")]
    [InlineData("Trade between Russia and Japan reached $30 billion in 2013 [1].", "number 30")]
    [InlineData("Japan and the Soviet Union signed the declaration in Tokyo in 1956 [1].", "\"tokyo\"")]
    [InlineData("The Joint Declaration of 1956 was ratified by parliaments after heated debates among lawmakers [1].", "words")]
    [InlineData("Read the full declaration at https://example.org/1956 [1].", "link")]
    [InlineData("The passages do not say who won in 1956 [1].", "do not answer")]
    public void An_unsupported_sentence_is_dropped_with_its_reason(string reply, string reason)
    {
        var checkedReply = ReplyChecker.Check(reply, Given);

        Assert.Empty(checkedReply.Kept);
        Assert.Contains(reason, Assert.Single(checkedReply.Dropped).Reason, StringComparison.Ordinal);
        Assert.False(checkedReply.IsUsable);
    }

    [Fact]
    public void A_reply_that_is_mostly_unsupported_is_not_usable_even_where_one_sentence_holds()
    {
        var checkedReply = ReplyChecker.Check(
            "The two countries ended the state of war in 1956 [1]. They signed a peace treaty in 1960 [1]. Japan then paid 2 billion yen [2].",
            Given);

        Assert.Single(checkedReply.Kept);
        Assert.Equal(2, checkedReply.Dropped.Count);
        Assert.False(checkedReply.IsUsable);
    }

    [Theory]
    [InlineData("NOT_FOUND")]
    [InlineData("not_found.")]
    public void The_reply_meaning_no_answer_is_recognised(string reply)
    {
        var checkedReply = ReplyChecker.Check(reply, Given);

        Assert.True(checkedReply.SaysNotFound);
        Assert.False(checkedReply.IsUsable);
    }
}
