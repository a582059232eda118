using Bot.Answers;
using Bot.Answers.Model;
using Bot.Cli;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Answers;

/// <summary>
/// The support check on the faithfulness sets in <c>eval/faithfulness/</c>: answers the passages state, and the same
/// answers with one falsehood planted (a number, a name, a negation, an event, a quotation, an appended clause),
/// each held at the level reached (2026-12-06; the targets are 95 % shown and 95 % removed).
/// <c>faithfulness-A</c> was written blind by a helper as a careful model would answer, paraphrasing; its
/// failures were read, so it is a tuning set. The two rule-made sets (see their "about") hold the check to
/// near-verbatim answers. <c>faithfulness-B</c> (50 answers) was written blind the same way and held out until
/// the eighth session, which read its failures. <c>faithfulness-C</c> (30) is held out (only its totals looked at),
/// and <c>faithfulness-D</c> (30), written blind in the eighth session, is held out too. <c>faithfulness-E</c> (30)
/// was written blind in the ninth session to paraphrase far from the sources; it was measured once before any
/// change (77 % shown, 93 % removed) and its failures were then read, so it is a tuning set now.
/// <c>faithfulness-F</c> (30), written blind in the same session in three models' manners, was measured once,
/// after that session's last change to the check (71 % shown, 93 % removed); the twelfth session read its failures
/// (chatty openers, uncited notes on what the passages leave out), so it is a tuning set now.
/// <c>faithfulness-G</c> (30), written blind in the twelfth session in the same three manners, is held out: 62 %
/// shown and 94 % removed before that session's changes, 67 % and 93 % after. What gets through is mostly a statement
/// turned round in words the check cannot weigh ("feel well cared for" for "feel neglected") and a name swapped
/// where no word ties it to a role. The thirteenth session read G's misses (so it is a tuning set now): hedges inside a
/// sentence ("reportedly", "seems to") and a general word for the source's specific one kept nothing more on the
/// held-out sets and were dropped. <c>faithfulness-H</c> (30), written blind in the thirteenth session, is held out:
/// 67 % shown and 92 % removed on arrival. The fourteenth session mended three misreadings in G's misses (a negation
/// reaching past its clause, "never" and "might" taken for the doing whose doer is compared, a later "in April"
/// after the same verb) and "blocked" as a verb that prevents: G 63 to 68 shown, 168 to 166 removed (two planted
/// falsehoods had been caught only through those misreadings); A to F 2 more shown, none fewer removed; H, held
/// out, 68 to 70 shown, 165 removed either way. <c>faithfulness-I</c> (30), written blind in the fourteenth session, is
/// held out (totals only): 78 % shown and 83 % removed before that session's change and after it; invented events
/// are removed least (17 of 30; its writer planted some that are true outside the passages).
/// <c>faithfulness-J</c> (30), written blind at the start of the fifteenth session, is held out (totals only): 87 %
/// shown and 95 % removed on arrival. The fifteenth session let a sentence whose first statement says too little to
/// stand alone ("Japan turned this down, arguing that ...") stand whole when every later statement stands alone:
/// A to G 657 to 670 shown of 745, 1,257 to 1,250 removed of 1,380; held out (H, I, J) 276 to 286 shown of 349, 487 to
/// 483 removed of 540. The falsehoods it lets through had been caught only because the short statement holding them
/// lacked words (an antonym the check does not know: "self-sufficient" for "dependent").
/// <c>faithfulness-K</c> (30) was written blind after that change and measured once (held out, totals only): 104 of
/// 125 shown, 165 of 180 removed; at the session's first commit 91 and 168. Its brief asked for some sentences that
/// open with a short statement, so it leans toward the case the change mends.
/// <c>faithfulness-L</c> (30), written blind at the start of the sixteenth session (terse answers, enumerations,
/// sentences joined by "while" or "although", hedged openings), is held out (totals only): 98 of 118 shown and 168 of
/// 180 removed on arrival. <c>faithfulness-O</c> (30), written blind at the start of the twenty-seventh session (a
/// chatty model that paraphrases heavily, merges two passages in a sentence, says "Moscow" and "the two neighbours",
/// writes numbers in words), is held out (totals only): 64 of 96 shown and 168 of 180 removed on arrival, the check
/// unchanged after. <c>faithfulness-P</c> (30), written blind at the start of the twenty-eighth session (a cautious,
/// formal model: "Based on the provided passages", facts joined by "while", "whereas" or a semicolon, closing
/// summaries that merge two facts), is held out (totals only): 84 of 116 shown and 161 of 180 removed on arrival.
/// <c>faithfulness-Q</c> (30), written blind in the twenty-ninth session after its change to the check (a terse phone
/// assistant: contractions, plain words for the sources' terms, "Yes," and "Short answer:" openings, numbers rounded in
/// words), is held out (totals only): 69 of 111 shown and 163 of 180 removed, with or without that change.
/// <c>faithfulness-R</c> (30), written blind after the session's last change to the check (a history teacher's
/// narrative: precise dates carried from sentence to sentence, people named by their role, "the US", "the Soviets"),
/// is held out (totals only): 99 of 118 shown and 166 of 180 removed, measured once.
/// </summary>
public sealed class FaithfulnessSetTests : IDisposable
{
    readonly Pipeline _pipeline = Pipeline.ForRepositoryCorpus();

    public void Dispose() => _pipeline.Dispose();

    [Theory]
    [InlineData("faithfulness-rules-w3.json", 0.95, 0.94)]
    [InlineData("faithfulness-rules-w4.json", 0.95, 0.94)]
    [InlineData("faithfulness-A.json", 0.96, 0.91)]
    [InlineData("faithfulness-B.json", 0.91, 0.90)]
    [InlineData("faithfulness-C.json", 0.94, 0.88)]
    [InlineData("faithfulness-D.json", 0.92, 0.90)]
    [InlineData("faithfulness-E.json", 0.86, 0.91)]
    [InlineData("faithfulness-F.json", 0.88, 0.90)]
    [InlineData("faithfulness-G.json", 0.76, 0.90)]
    [InlineData("faithfulness-H.json", 0.76, 0.91)]
    [InlineData("faithfulness-I.json", 0.80, 0.82)]
    [InlineData("faithfulness-J.json", 0.87, 0.94)]
    [InlineData("faithfulness-K.json", 0.83, 0.91)]
    [InlineData("faithfulness-L.json", 0.83, 0.93)]
    [InlineData("faithfulness-M.json", 0.80, 0.87)]
    [InlineData("faithfulness-N.json", 0.63, 0.88)]
    [InlineData("faithfulness-O.json", 0.66, 0.93)]
    [InlineData("faithfulness-P.json", 0.72, 0.89)]
    [InlineData("faithfulness-Q.json", 0.62, 0.90)]
    [InlineData("faithfulness-R.json", 0.83, 0.92)]
    public async Task The_check_shows_faithful_sentences_and_removes_planted_falsehoods(string file, double minShown, double minRemoved)
    {
        var set = FaithfulnessSet.Load(Repository.EvalFile(Path.Combine("faithfulness", file)));

        var result = await FaithfulnessSet.MeasureAsync(set.Items, _pipeline.Services.GetRequiredService<SupportCheck>(), _pipeline.Corpus, _pipeline.Catalog);

        Assert.True(set.Items.Count >= 24, $"{file} holds {set.Items.Count} items");
        Assert.True(result.ShownShare >= minShown && result.RemovedShare >= minRemoved,
            $"{result.Shown} of {result.Faithful} faithful shown, {result.Removed} of {result.Planted} falsehoods removed\n{string.Join('\n', result.Misses)}");
    }
}
