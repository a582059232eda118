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

        Assert.True(report.Passed >= 56, report.Summary());
        Assert.Equal(0, report.RepliesWithJunk);
    }

    /// <summary>
    /// The question sets written without looking at the reader, each held where it stands. The natural sets,
    /// the journalist's, the phone writer's and the newcomer's were used to fit the scorer or had their failures
    /// read; the others are held out: only their totals were ever looked at, so their levels are the honest ones,
    /// and a held-out set that falls below its level says so in totals, not by listing its failures. A change
    /// that lowers a level has to show it is worth it on the held-out sets.
    /// </summary>
    [Theory]
    [InlineData("natural-tune.json", 72, false)]
    [InlineData("natural-holdout.json", 73, false)]
    [InlineData("natural-fresh.json", 52, false)]
    [InlineData("blind/w3-journalist.json", 61, false)]
    [InlineData("blind/w4-phone.json", 51, false)]
    [InlineData("blind/w6-newcomer.json", 47, false)]
    [InlineData("blind/w2-sceptic.json", 46, true)]
    [InlineData("blind/w7-student.json", 44, false)]
    [InlineData("blind/w9-threads.json", 43, true)]
    [InlineData("blind/w8-nonnative.json", 49, true)]
    [InlineData("blind/w11-student.json", 25, true)]
    [InlineData("blind/w12-traveller.json", 23, true)]
    [InlineData("blind/w13-factchecker.json", 21, true)]
    [InlineData("blind/w14-podcast.json", 19, true)]
    [InlineData("blind/w15-teacher.json", 23, true)]
    [InlineData("blind/w16-debater.json", 21, true)]
    [InlineData("blind/w17-retiree.json", 26, true)]
    [InlineData("blind/w18-descendant.json", 18, true)]
    [InlineData("blind/w19-analyst.json", 22, true)]
    [InlineData("blind/w20-novelist.json", 30, true)]
    [InlineData("blind/w21-nightshift.json", 35, false)]
    [InlineData("blind/w22-exchange.json", 36, true)]
    [InlineData("blind/w23-councillor.json", 37, true)]
    [InlineData("blind/w24-radio-officer.json", 33, true)]
    [InlineData("blind/w25-letters.json", 43, false)]
    [InlineData("blind/w26-homework.json", 35, false)]
    [InlineData("blind/w27-quizhost.json", 36, false)]
    [InlineData("blind/w28-trader.json", 38, false)]
    [InlineData("blind/w30-bookclub.json", 37, false)]
    [InlineData("blind/w31-intern.json", 44, false)]
    [InlineData("blind/w32-commenter.json", 34, false)]
    [InlineData("blind/w33-ru-student.json", 42, false)]
    [InlineData("blind/w34-docent.json", 43, false)]
    [InlineData("blind/w35-grandchild.json", 34, false)]
    [InlineData("blind/w36-learner.json", 35, false)]
    [InlineData("blind/w37-memoir.json", 41, false)]
    [InlineData("blind/w38-aide.json", 35, true)]
    [InlineData("blind/w39-teen.json", 36, true)]
    [InlineData("blind/w40-importer.json", 40, true)]
    [InlineData("blind/w41-teacher.json", 40, true)]
    [InlineData("blind/w42-bus-sceptic.json", 34, true)]
    [InlineData("blind/w43-law-student.json", 40, true)]
    [InlineData("blind/w44-fisher-niece.json", 31, true)]
    [InlineData("blind/w45-correspondent.json", 37, true)]
    [InlineData("blind/w46-energy-trader.json", 41, true)]
    [InlineData("blind/w47-debate-kid.json", 30, true)]
    [InlineData("blind/w48-museum-volunteer.json", 38, true)]
    [InlineData("blind/w49-night-shift-nurse.json", 43, true)]
    [InlineData("blind/w50-retired-engineer.json", 41, true)]
    [InlineData("blind/w51-radio-caller.json", 36, true)]
    [InlineData("blind/w52-tour-guide.json", 34, true)]
    [InlineData("blind/w53-yesno-tuning.json", 34, false)]
    [InlineData("blind/w54-pub-quiz-team.json", 42, true)]
    [InlineData("blind/w55-archivist.json", 42, true)]
    [InlineData("blind/w56-podcast-checker.json", 32, false)]
    [InlineData("blind/w57-ferry-phone.json", 36, true)]
    [InlineData("blind/w58-sub-editor.json", 38, true)]
    [InlineData("blind/w59-ir-student.json", 39, true)]
    [InlineData("blind/w60-listener-email.json", 33, true)]
    [InlineData("blind/w61-screenwriter.json", 37, true)]
    [InlineData("blind/w62-taxi-driver.json", 31, true)]
    [InlineData("blind/w63-exchange-student.json", 38, true)]
    [InlineData("blind/w64-busy-manager.json", 39, true)]
    [InlineData("blind/w65-diplomat-daughter.json", 35, true)]
    [InlineData("blind/w66-plain-facts.json", 43, true)]
    [InlineData("blind/w67-reference-desk.json", 46, true)]
    [InlineData("blind/w68-vladivostok-pensioner.json", 34, true)]
    [InlineData("blind/w69-quiz-key.json", 42, true)]
    [InlineData("blind/w70-plain-checker.json", 50, false)]
    [InlineData("blind/w71-plain-examiner.json", 51, true)]
    [InlineData("blind/w72-radio-operator.json", 36, true)]
    [InlineData("blind/w73-plain-librarian.json", 48, true)]
    [InlineData("blind/w74-exchange-brazil.json", 38, true)]
    [InlineData("blind/w75-hokkaido-engineer.json", 42, true)]
    [InlineData("blind/w76-plain-tutor.json", 51, false)]
    [InlineData("blind/w77-plain-clerk.json", 45, true)]
    [InlineData("blind/w78-geography-teacher.json", 45, true)]
    [InlineData("blind/w79-plain-quiz.json", 45, true)]
    [InlineData("blind/w80-shipping-clerk.json", 46, true)]
    [InlineData("blind/w81-reference-librarian.json", 45, true)]
    [InlineData("blind/w82-revision-sheet.json", 46, true)]
    [InlineData("blind/w83-vladivostok-freelancer.json", 41, true)]
    [InlineData("blind/w84-retired-diplomat.json", 42, true)]
    [InlineData("blind/w85-teen-on-phone.json", 42, true)]
    [InlineData("blind/w86-yesno-checker.json", 49, false)]
    [InlineData("blind/w87-commenter-yesno.json", 37, false)]
    [InlineData("blind/w88-radio-host.json", 41, true)]
    [InlineData("blind/w89-museum-visitor.json", 44, true)]
    [InlineData("blind/w90-claims-adjuster.json", 45, false)]
    [InlineData("blind/w91-history-talk.json", 42, true)]
    [InlineData("blind/w92-debate-coach.json", 44, true)]
    [InlineData("blind/w93-night-shift-nurse.json", 44, true)]
    [InlineData("blind/w94-ferry-captain.json", 45, true)]
    [InlineData("blind/w95-school-project.json", 41, true)]
    [InlineData("blind/w97-evening-class.json", 45, true)]
    [InlineData("blind/w96-call-in-screener.json", 39, false)]
    [InlineData("blind/w99-energy-trader.json", 49, true)]
    [InlineData("blind/w100-fact-checker.json", 47, true)]
    [InlineData("blind/w101-tour-operator.json", 37, true)]
    [InlineData("blind/w98-yesno-sceptic.json", 32, false)]
    [InlineData("blind/w102-osaka-teacher.json", 52, true)]
    // Written blind at the twenty-eighth session's start, measured once (39) and then read.
    [InlineData("blind/w103-phone-homework.json", 45, false)]
    // Written blind during the twenty-eighth session and measured once, on its last reader (49, as on its first).
    [InlineData("blind/w104-radio-producer.json", 49, true)]
    // Written blind after the twenty-eighth session's last change to the reader, measured once.
    [InlineData("blind/w105-hamburg-student.json", 50, true)]
    // Written blind at the twenty-ninth session's start and measured once (held out).
    [InlineData("blind/w106-gdansk-insurer.json", 49, true)]
    public async Task The_natural_question_set_stays_at_the_level_reached(string file, int passed, bool heldOut)
    {
        var report = await new EvalRunner(_pipeline.Handler, _pipeline.Corpus).RunAsync(EvalRunner.Load(Repository.EvalFile(file)), CancellationToken.None);

        Assert.True(report.Passed >= passed, report.Summary(showFailures: !heldOut));
        Assert.Equal(0, report.RepliesWithJunk);
    }

    /// <summary>
    /// The third-document test: a source text written blind for the purpose, added to the corpus folder, and the
    /// questions its writer wrote about it (held out: only totals looked at), run against the corpus with it.
    /// </summary>
    [Theory]
    [InlineData("third/x1-declaration.json", 37)]
    [InlineData("third/x2-sakhalin.json", 30)]
    [InlineData("third/x3-kuril-landing.json", 21)]
    [InlineData("third/x4-nagato-summit.json", 14)]
    [InlineData("third/x5-islanders-forum.json", 22)]
    [InlineData("third/x6-peace-treaty.json", 23)]
    [InlineData("third/x7-fisheries.json", 20)]
    [InlineData("third/x8-talks-suspended.json", 26)]
    [InlineData("third/x9-visa-free.json", 19)]
    [InlineData("third/x10-portsmouth.json", 18)]
    [InlineData("third/x11-cold-war.json", 25)]
    [InlineData("third/x12-energy-briefing.json", 21)]
    [InlineData("third/x13-medvedev-liveblog.json", 22)]
    [InlineData("third/x14-shikotan-habomai.json", 33)]
    [InlineData("third/x15-shimoda.json", 33)]
    [InlineData("third/x16-internment.json", 35)]
    [InlineData("third/x17-karafuto.json", 31)]
    [InlineData("third/x19-neutrality-podcast.json", 30)]
    // 34 until two-digit years were read as years ("in 39"): held out +2 -1 over every set; its failure was not read.
    [InlineData("third/x20-khalkhin-gol-forum.json", 33)]
    [InlineData("third/x21-san-francisco-qa.json", 32)]
    [InlineData("third/x22-august-storm-video.json", 30)]
    [InlineData("third/x23-sakhalin-newsletter.json", 32)]
    [InlineData("third/x24-abe-putin-push.json", 35)]
    [InlineData("third/x25-saint-petersburg-wiki.json", 31)]
    // Read: written blind with their pages this session, and their failures read.
    [InlineData("third/x26-siberian-intervention.json", 39)]
    [InlineData("third/x27-kaigara-kelp.json", 38)]
    public async Task A_question_set_about_a_third_source_text_stays_at_the_level_reached(string file, int passed)
    {
        var set = EvalRunner.Load(Repository.EvalFile(file));
        using var work = new TempFolder();
        var (corpus, _) = EvalCorpus.Prepare(set, Repository.Corpus, work.Path);
        using var pipeline = new Pipeline(corpus);

        var report = await new EvalRunner(pipeline.Handler, pipeline.Corpus).RunAsync(set, CancellationToken.None);

        Assert.Equal(3, pipeline.Corpus.Documents.Count);
        // Held out: a fall below the level is told in totals, without listing the failures.
        Assert.True(report.Passed >= passed, report.Summary(showFailures: false));
        Assert.Equal(0, report.RepliesWithJunk);
    }
}
