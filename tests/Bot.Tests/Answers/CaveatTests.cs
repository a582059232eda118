using Bot.Answers;
using Bot.Tests.Support;

namespace Bot.Tests.Answers;

/// <summary>
/// An answer the reader is unsure of is shown as the nearest the sources come, not as the answer: where its
/// one score cannot tell a near miss from a right answer, the person is told so.
/// </summary>
public sealed class CaveatTests : IDisposable
{
    readonly Pipeline _pipeline = Pipeline.ForRepositoryCorpus();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task An_answer_the_reader_is_unsure_of_opens_with_the_caveat_and_cites_what_it_quotes()
    {
        var answer = await _pipeline.AskAsync("Do the islanders want to be Japanese?");

        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.True(answer.IsTentative);
        Assert.StartsWith(ExtractiveComposer.Caveat + ". " + ExtractiveComposer.NearestLeadIn, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"^(Yes|No)\b", answer.Text);
        Assert.NotEmpty(answer.Citations);
        Assert.Contains("[1]", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Who won the Russo-Japanese War?")]
    [InlineData("Is there a peace treaty?")]
    public async Task A_clear_answer_is_given_plainly(string question)
    {
        var answer = await _pipeline.AskAsync(question);

        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.False(answer.IsTentative);
        Assert.DoesNotContain(ExtractiveComposer.Caveat, answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_can_have_every_answer_given_plainly()
    {
        using var pipeline = new Pipeline(Repository.Corpus, settings: new() { ["Answers:PlainAnswerMargin"] = "0" });

        var answer = await pipeline.AskAsync("Do the islanders want to be Japanese?");

        Assert.False(answer.IsTentative);
        Assert.StartsWith("The sources say: ", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_follow_up_to_an_unsure_answer_leans_on_what_it_quoted_not_on_the_caveat()
    {
        var focus = ThreadFocus.Of($"{ExtractiveComposer.Caveat}. {ExtractiveComposer.NearestLeadIn}In 1905, Japan won the war. [1]", _pipeline.Catalog);

        Assert.Equal(["Japan", "1905"], focus);
    }
}
