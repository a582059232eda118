using Bot.Cli;
using Bot.Tests.Support;

namespace Bot.Tests.Answers;

/// <summary>The question sets run through the same pipeline as the endpoint, held at the level reached.</summary>
public sealed class EvaluationTests : IDisposable
{
    readonly Pipeline _pipeline = Pipeline.ForRepositoryCorpus();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Every_dev_set_question_is_answered_correctly_or_declined_as_expected()
    {
        var report = await new EvalRunner(_pipeline.Handler, _pipeline.Corpus).RunAsync(EvalRunner.Load(Repository.EvalFile("dev.json")), CancellationToken.None);

        Assert.True(report.Passed == report.Turns.Count, report.Summary());
        Assert.Equal(1.0, report.AnswerAccuracy);
        Assert.Equal(1.0, report.CitationAccuracy);
        Assert.Equal(1.0, report.AbstentionAccuracy);
        Assert.Equal(0, report.RepliesWithJunk);
    }

    [Fact]
    public async Task The_wider_question_set_stays_at_the_level_reached()
    {
        var report = await new EvalRunner(_pipeline.Handler, _pipeline.Corpus).RunAsync(EvalRunner.Load(Repository.EvalFile("extra.json")), CancellationToken.None);

        Assert.True(report.Passed >= 57, report.Summary());
        Assert.Equal(0, report.RepliesWithJunk);
    }

    /// <summary>
    /// The natural question sets, written without looking at the reader: the tuning half was used to fit the
    /// scorer and calibrate the threshold, the held-out half never was (though some of its failures have since
    /// been read and fixed), the fresh set was written later by another hand. All are held where they stand.
    /// </summary>
    [Theory]
    [InlineData("natural-tune.json", 65)]
    [InlineData("natural-holdout.json", 71)]
    [InlineData("natural-fresh.json", 45)]
    public async Task The_natural_question_set_stays_at_the_level_reached(string file, int passed)
    {
        var report = await new EvalRunner(_pipeline.Handler, _pipeline.Corpus).RunAsync(EvalRunner.Load(Repository.EvalFile(file)), CancellationToken.None);

        Assert.True(report.Passed >= passed, report.Summary());
        Assert.Equal(0, report.RepliesWithJunk);
    }
}
