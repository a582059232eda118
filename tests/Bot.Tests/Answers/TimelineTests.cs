using Bot.Answers;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Answers;

/// <summary>The timeline built from the sources, and the chat's answers from it.</summary>
public sealed class TimelineTests : IDisposable
{
    readonly Pipeline _pipeline = Pipeline.ForRepositoryCorpus();

    public void Dispose() => _pipeline.Dispose();

    Timeline Timeline => _pipeline.Services.GetRequiredService<Timeline>();

    [Fact]
    public void Every_dated_event_of_the_sources_is_on_the_timeline_in_order()
    {
        var years = Timeline.Entries.Select(e => e.Year).ToList();

        Assert.Equal(years.Order(), years);
        foreach (var year in new[] { 1856, 1875, 1904, 1905, 1945, 1956, 1991, 2005, 2010, 2012 })
            Assert.Contains(year, years);
        Assert.All(Timeline.Entries, e => Assert.Contains(e.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_sources_dating_one_event_differently_are_shown_side_by_side()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("first.txt"), "The Lighthouse\n\nThe Zheltukhin lighthouse on Sakhalin was completed in 1932 by Japanese engineers.\n");
        File.WriteAllText(folder.File("second.txt"), "Sakhalin Notes\n\nJapanese engineers completed the Zheltukhin lighthouse on Sakhalin in 1934, records say.\n");
        using var pipeline = new Pipeline(folder.Path);

        var entries = pipeline.Services.GetRequiredService<Timeline>().Entries;

        var first = Assert.Single(entries, e => e.Year == 1932);
        Assert.Equal(1934, Assert.Single(first.OtherDates).Year);
    }

    [Theory]
    [InlineData("what happened between 1945 and 1956?", 1945, 1956)]
    [InlineData("Give me a timeline", 1856, 2012)]
    public async Task Asking_for_a_timeline_or_a_period_answers_with_its_dated_events_cited(string question, int first, int last)
    {
        var answer = await _pipeline.AskAsync(question, question);

        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.Contains($"**{first}**", answer.Text, StringComparison.Ordinal);
        Assert.NotEmpty(answer.Citations);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(answer.Text, @"\*\*(\d{4})\*\*"), m => Assert.InRange(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), first, last));
    }

    [Fact]
    public async Task A_fact_wanted_for_ones_own_timeline_is_answered_as_a_question_not_with_the_whole_timeline()
    {
        const string question = "russian bomber in japanese airspace - date + location for the timeline";

        var answer = await _pipeline.AskAsync(question, question);

        Assert.Equal(AnswerKind.Answered, answer.Kind);
        Assert.DoesNotContain("**1856**", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Izu", answer.Text, StringComparison.Ordinal);
    }
}
