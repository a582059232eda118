using Bot.Cli;

namespace Bot.Tests.Cli;

public sealed class EvalReportTests
{
    static TurnOutcome Answerable(bool right, bool tentative) =>
        new("c", "q", "reply", right, true, null, [], 1) { IsAnswerable = true, Tentative = tentative };

    static TurnOutcome ToDecline(bool declined, bool tentative) =>
        new("c", "q", "reply", null, null, declined, [], 1) { MustAbstain = true, Declined = declined, Tentative = tentative };

    [Fact]
    public void A_wrong_answer_given_with_the_caveat_is_not_counted_as_confidently_wrong()
    {
        var report = new EvalReport([
            Answerable(right: true, tentative: false),
            Answerable(right: false, tentative: false),
            Answerable(right: false, tentative: true),
            ToDecline(declined: false, tentative: false),
            ToDecline(declined: false, tentative: true),
            ToDecline(declined: true, tentative: false),
        ]);

        Assert.Equal(2, report.ConfidentlyWrong);
        Assert.Equal(2, report.FalseAnswers);
        Assert.Contains("answered plainly, right:               1 of   3", report.Summary(), StringComparison.Ordinal);
        Assert.Contains("answered with a caveat, right:         0 of   2", report.Summary(), StringComparison.Ordinal);
    }
}
