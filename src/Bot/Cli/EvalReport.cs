using System.Text;

namespace Bot.Cli;

/// <summary>How one turn of a question file came out.</summary>
public sealed record TurnOutcome(string ConversationId, string Question, string Reply, bool? AnswerCorrect, bool? CitationCorrect, bool? AbstainCorrect, IReadOnlyList<string> JunkFound, double Milliseconds)
{
    public string Kind { get; init; } = "";
    public bool IsFollowUp { get; init; }

    /// <summary>The turn opens its conversation, so there is no thread to read it with.</summary>
    public bool Opens { get; init; }

    /// <summary>Whether the bot searched for the question with the conversation's thread; null when it searched nothing.</summary>
    public bool? ReadWithThread { get; init; }

    /// <summary>The sources answer the turn (it expects facts or citations).</summary>
    public bool IsAnswerable { get; init; }

    /// <summary>The turn must be declined.</summary>
    public bool MustAbstain { get; init; }

    /// <summary>The reply said the sources do not answer, and cited nothing.</summary>
    public bool Declined { get; init; }

    /// <summary>The reply answered with the caveat that it is only the nearest the sources come.</summary>
    public bool Tentative { get; init; }

    /// <summary>The verdict word the reply opened with ("yes", "no"), if any.</summary>
    public string? VerdictGiven { get; init; }

    /// <summary>The verdict the turn is labelled with ("yes", "no", "unclear"), if any.</summary>
    public string? VerdictExpected { get; init; }

    /// <summary>Whether the passages the reader weighed held the expected fact; null when nothing says what that fact is.</summary>
    public bool? FactRetrieved { get; init; }

    /// <summary>Whether the passages a language model was given held the expected fact; null when no model was asked.</summary>
    public bool? FactGivenToModel { get; init; }

    public bool Passed => AnswerCorrect != false && CitationCorrect != false && AbstainCorrect != false && JunkFound.Count == 0;

    /// <summary>Right, with a right citation: the headline measure of an answerable turn.</summary>
    public bool RightAndCited => IsAnswerable && AnswerCorrect != false && CitationCorrect != false && JunkFound.Count == 0;

    /// <summary>A Yes where the sources say no, or a No where they say yes.</summary>
    public bool WrongVerdict => VerdictGiven is not null && VerdictExpected is "yes" or "no" && VerdictGiven != VerdictExpected;
}

/// <summary>A question file's outcome: every measure the notes on honest evaluation ask for, each labelled.</summary>
public sealed record EvalReport(IReadOnlyList<TurnOutcome> Turns)
{
    public IEnumerable<TurnOutcome> Answerable => Turns.Where(t => t.IsAnswerable);
    public IEnumerable<TurnOutcome> Unanswerable => Turns.Where(t => t.MustAbstain);

    public double AnswerAccuracy => Ratio(Turns.Where(t => t.AnswerCorrect is not null), t => t.AnswerCorrect == true);
    public double CitationAccuracy => Ratio(Turns.Where(t => t.CitationCorrect is not null), t => t.CitationCorrect == true);
    public double AbstentionAccuracy => Ratio(Turns.Where(t => t.AbstainCorrect is not null), t => t.AbstainCorrect == true);
    public int RepliesWithJunk => Turns.Count(t => t.JunkFound.Count > 0);
    public int Passed => Turns.Count(t => t.Passed);

    /// <summary>Answerable turns answered right with a right citation.</summary>
    public int RightAndCited => Answerable.Count(t => t.RightAndCited);

    /// <summary>Answerable turns the bot said it could not answer.</summary>
    public int FalseDeclines => Answerable.Count(t => t.Declined);

    /// <summary>Unanswerable turns the bot answered anyway.</summary>
    public int FalseAnswers => Unanswerable.Count(t => !t.Declined);

    public int WrongVerdicts => Turns.Count(t => t.WrongVerdict);

    /// <summary>Replies that answered without a caveat and were wrong: a wrong fact, or an answer where the sources are silent.</summary>
    public int ConfidentlyWrong => Turns.Count(t => !t.Declined && !t.Tentative && ((t.IsAnswerable && !t.RightAndCited) || t.MustAbstain));

    public (int Held, int Of) Recall(bool followUps) => Count(Turns.Where(t => t.IsFollowUp == followUps && t.FactRetrieved is not null), t => t.FactRetrieved == true);

    /// <summary>Of the turns after a conversation's first that were searched, those marked (or not) as follow-ups that the bot searched with their thread.</summary>
    public (int Read, int Of) ReadAsFollowUps(bool followUps) =>
        Count(Turns.Where(t => !t.Opens && t.IsFollowUp == followUps && t.ReadWithThread is not null), t => t.ReadWithThread == true);

    public (int Held, int Of) ModelRecall(bool followUps) => Count(Turns.Where(t => t.IsFollowUp == followUps && t.FactGivenToModel is not null), t => t.FactGivenToModel == true);

    public double Percentile(double p)
    {
        var sorted = Turns.Select(t => t.Milliseconds).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    static double Ratio(IEnumerable<TurnOutcome> turns, Func<TurnOutcome, bool> good)
    {
        var list = turns.ToList();
        return list.Count == 0 ? 1 : (double)list.Count(good) / list.Count;
    }

    static (int, int) Count(IEnumerable<TurnOutcome> turns, Func<TurnOutcome, bool> good)
    {
        var list = turns.ToList();
        return (list.Count(good), list.Count);
    }

    /// <summary>"12 of 40 (30.0 %)", or "none in this set" where there is nothing to count.</summary>
    static string Share(int part, int whole) => whole == 0 ? "none in this set" : $"{part,3} of {whole,3} ({100.0 * part / whole,5:F1} %)";

    public string Summary(bool showFailures = true)
    {
        var text = new StringBuilder();
        if (showFailures)
        {
            // A wrong yes or no is listed even where the reply's facts passed: it is the worse mistake.
            foreach (var turn in Turns.Where(t => !t.Passed || t.WrongVerdict))
                text.AppendLine($"FAIL {turn.ConversationId}: {turn.Question}{(turn.FactRetrieved == false ? "   [not among the passages weighed]" : "")}{(turn.IsFollowUp && turn.ReadWithThread == false ? "   [follow-up read alone]" : "")}{(turn.WrongVerdict ? $"   [wrong verdict: {turn.VerdictGiven}]" : "")}{(turn.JunkFound.Count > 0 ? $"   [page debris: {string.Join(" / ", turn.JunkFound)}]" : "")}\n     -> {turn.Reply.ReplaceLineEndings(" ")}");
        }
        var answerable = Answerable.ToList();
        var unanswerable = Unanswerable.ToList();
        var verdicts = Turns.Where(t => t.VerdictExpected is "yes" or "no").ToList();
        text.AppendLine($"turns:                              {Turns.Count} ({answerable.Count} answerable, {unanswerable.Count} to decline), {Passed} passed every check");
        text.AppendLine($"answerable, right with its citation: {Share(RightAndCited, answerable.Count)}");
        text.AppendLine($"answerable, facts right:             {Share(answerable.Count(t => t.AnswerCorrect != false), answerable.Count)}");
        text.AppendLine($"answerable, citation right:          {Share(answerable.Count(t => t.CitationCorrect != false), answerable.Count)}");
        text.AppendLine($"answerable, declined (false decline): {Share(FalseDeclines, answerable.Count)}");
        text.AppendLine($"to decline, declined:                {Share(unanswerable.Count - FalseAnswers, unanswerable.Count)}");
        text.AppendLine($"to decline, answered (false answer): {Share(FalseAnswers, unanswerable.Count)}");
        var plain = Turns.Where(t => (t.IsAnswerable || t.MustAbstain) && !t.Declined && !t.Tentative).ToList();
        var tentative = Turns.Where(t => (t.IsAnswerable || t.MustAbstain) && t.Tentative).ToList();
        text.AppendLine($"answered plainly, right:             {Share(plain.Count(t => t.RightAndCited), plain.Count)}");
        text.AppendLine($"answered with a caveat, right:       {Share(tentative.Count(t => t.RightAndCited), tentative.Count)}");
        text.AppendLine($"answered plainly and wrong:          {Share(ConfidentlyWrong, Turns.Count(t => t.IsAnswerable || t.MustAbstain))}");
        text.AppendLine($"to decline, answered plainly:        {Share(unanswerable.Count(t => !t.Declined && !t.Tentative), unanswerable.Count)}");
        text.AppendLine($"yes/no with a verdict, wrong verdict: {Share(WrongVerdicts, verdicts.Count)}");
        text.AppendLine($"yes/no with a verdict, no verdict word given: {Share(verdicts.Count(t => t.VerdictGiven is null), verdicts.Count)}");
        var (firstHeld, firstOf) = Recall(followUps: false);
        var (laterHeld, laterOf) = Recall(followUps: true);
        text.AppendLine($"retrieval recall, first turns:       {Share(firstHeld, firstOf)}");
        text.AppendLine($"retrieval recall, follow-ups:        {Share(laterHeld, laterOf)}");
        var (followUpsRead, followUpsOf) = ReadAsFollowUps(followUps: true);
        var (standaloneRead, standaloneOf) = ReadAsFollowUps(followUps: false);
        text.AppendLine($"follow-ups searched with their thread: {Share(followUpsRead, followUpsOf)}");
        text.AppendLine($"later new questions searched with it:  {Share(standaloneRead, standaloneOf)}");
        if (Turns.Any(t => t.FactGivenToModel is not null))
        {
            var (modelFirst, modelFirstOf) = ModelRecall(followUps: false);
            var (modelLater, modelLaterOf) = ModelRecall(followUps: true);
            text.AppendLine($"given to the model, first turns:     {Share(modelFirst, modelFirstOf)}");
            text.AppendLine($"given to the model, follow-ups:      {Share(modelLater, modelLaterOf)}");
        }
        text.AppendLine($"replies with page debris:            {RepliesWithJunk}");
        text.AppendLine($"latency per turn:                    p50 {Percentile(0.5):F3} ms, p95 {Percentile(0.95):F3} ms, max {Percentile(1):F3} ms");
        text.AppendLine("by kind (passed every check):");
        foreach (var group in Turns.GroupBy(t => t.Kind.Length > 0 ? t.Kind : "(none)").OrderBy(g => g.Key, StringComparer.Ordinal))
            text.AppendLine($"  {group.Key,-10} {Share(group.Count(t => t.Passed), group.Count())}");
        var followUpTurns = Turns.Where(t => t.IsFollowUp).ToList();
        if (followUpTurns.Count > 0)
        {
            text.AppendLine($"  {"follow-ups",-10} {Share(followUpTurns.Count(t => t.Passed), followUpTurns.Count)}");
            text.AppendLine($"  {"first turns",-10} {Share(Turns.Count(t => !t.IsFollowUp && t.Passed), Turns.Count(t => !t.IsFollowUp))}");
        }
        return text.ToString();
    }
}
