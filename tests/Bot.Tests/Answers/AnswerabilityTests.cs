using Bot.Answers;

namespace Bot.Tests.Answers;

public sealed class AnswerabilityTests
{
    [Fact]
    public void Every_shipped_weight_belongs_to_an_input_the_model_reads()
    {
        // A measure renamed in the scorer would otherwise leave its weight unread, and the model silently changed.
        var shipped = AnswerabilityWeights.Shipped();

        Assert.Empty(shipped.Weights.Keys.Except(Answerability.Names));
        Assert.InRange(shipped.Threshold, 0.05, 0.95);
    }

    [Fact]
    public void Nothing_found_is_never_judged_answered()
    {
        var question = new Question("who won?", QuestionKind.Who, "who won?", [], IsFollowUp: true, UnitWord: null);

        Assert.Equal(0, Answerability.Default.Likelihood(question, []));
        Assert.False(Answerability.Default.Answers(question, []));
    }
}
