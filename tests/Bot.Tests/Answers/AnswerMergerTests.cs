using Bot.Answers;
using Bot.Corpus;

namespace Bot.Tests.Answers;

public sealed class AnswerMergerTests
{
    static readonly Passage First = new("doc#p1", "doc", null, 1, 0, 0, 10, "One. Two.");
    static readonly Passage Second = new("doc#p2", "doc", null, 2, 0, 10, 10, "Three.");

    [Fact]
    public void Each_part_keeps_its_citations_numbered_across_the_reply()
    {
        var merged = AnswerMerger.Merge(
        [
            ("When?", new Answer(AnswerKind.Answered, "It was in 1904. [1]", [new Citation(1, First, "Doc")])),
            ("Who?", new Answer(AnswerKind.Answered, "Japan won. [1] It was a surprise. [2]", [new Citation(1, Second, "Doc"), new Citation(2, First, "Doc")])),
        ]);

        Assert.Equal("It was in 1904. [1]\n\nJapan won. [2] It was a surprise. [1]", merged.Text);
        Assert.Equal([First.Id, Second.Id], merged.Citations.Select(c => c.Passage.Id));
        Assert.Equal([1, 2], merged.Citations.Select(c => c.Position));
    }

    [Fact]
    public void A_sentence_already_given_is_not_repeated_and_a_part_the_sources_do_not_answer_says_so()
    {
        var decline = new Answer(AnswerKind.NotFound, "I could not find an answer.", []);
        var merged = AnswerMerger.Merge(
        [
            ("When was it fought?", new Answer(AnswerKind.Answered, "It was fought in 1904, and Japan won. [1]", [new Citation(1, First, "Doc")])),
            ("Who won?", new Answer(AnswerKind.Answered, "It was fought in 1904, and Japan won. [1]", [new Citation(1, First, "Doc")])),
            ("Who paid?", decline),
        ]);

        Assert.Equal("It was fought in 1904, and Japan won. [1]\n\nAs for \"Who paid?\": my sources do not say.", merged.Text);
        Assert.Single(merged.Citations);
    }

    [Fact]
    public void When_no_part_is_answered_the_reply_is_a_decline()
    {
        var decline = new Answer(AnswerKind.NotFound, "I could not find an answer.", []);

        Assert.Same(decline, AnswerMerger.Merge([("A?", decline), ("B?", decline with { Text = "other" })]));
    }
}
