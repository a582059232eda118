using Bot.Answers;
using Bot.Tests.Support;

namespace Bot.Tests.Answers;

/// <summary>The follow-up questions offered under an answer: real questions the bot answers, and something new.</summary>
public sealed class SuggestionTests : IDisposable
{
    readonly Pipeline _pipeline = Pipeline.ForRepositoryCorpus();

    public void Dispose() => _pipeline.Dispose();

    [Theory]
    [InlineData("Is there a peace treaty?")]
    [InlineData("Who won the Russo-Japanese War?")]
    [InlineData("How many people live on the Kuril Islands?")]
    public async Task Suggestions_are_questions_the_bot_answers_and_none_repeats_what_was_just_said(string question)
    {
        var answer = await _pipeline.AskAsync(question, question);

        Assert.NotEmpty(answer.FollowUps);
        foreach (var suggestion in answer.FollowUps)
        {
            Assert.EndsWith("?", suggestion, StringComparison.Ordinal);
            Assert.DoesNotContain("Tell me about", suggestion, StringComparison.Ordinal);
            Assert.NotEqual(question, suggestion);
            var next = await _pipeline.AskAsync(suggestion, question + "|" + suggestion);
            Assert.Equal(AnswerKind.Answered, next.Kind);
            Assert.Empty(next.QuotedSentences.Intersect(answer.QuotedSentences));
        }
    }

    [Fact]
    public async Task After_why_not_the_question_just_answered_is_not_suggested()
    {
        await _pipeline.AskAsync("Is there a peace treaty?", "why-not");
        var whyNot = await _pipeline.AskAsync("Why not?", "why-not");

        Assert.DoesNotContain(whyNot.FollowUps, s => s.Contains("peace treaty", StringComparison.OrdinalIgnoreCase) && s.StartsWith("Why", StringComparison.Ordinal));
    }
}
