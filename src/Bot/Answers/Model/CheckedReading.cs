namespace Bot.Answers.Model;

/// <summary>
/// One reading of a model's reply as it streams in: each sentence is checked once it is complete (a later
/// sentence has begun, or the reply has ended), and only what passed is shown on the channel's draft, never the
/// model's raw words. Nothing is shown until what passed speaks to the question, so that a reply which ends in
/// the offline answer has shown nothing the final answer does not show.
/// </summary>
internal sealed partial class CheckedReading(SupportCheck support, IReadOnlyList<GivenPassage> given, Question question, IAnswerDraft? draft, string conversationId, ILogger logger)
{
    readonly List<SupportedSentence> _kept = [];
    readonly List<DroppedPiece> _dropped = [];
    int _checked;

    /// <summary>What passed the check so far.</summary>
    public IReadOnlyList<SupportedSentence> Kept => _kept;

    public IReadOnlyList<DroppedPiece> Dropped => _dropped;

    /// <summary>What the draft has shown: checked sentences, once they speak to the question.</summary>
    public List<SupportedSentence> Shown { get; } = [];

    /// <summary>The reply so far: its finished sentences are checked, and the draft shows those that passed.</summary>
    public async ValueTask OnTextAsync(string soFar, CancellationToken cancellationToken)
    {
        if (ReplyParser.SaysNotFound(soFar) || ReplyParser.NotFound.StartsWith(soFar.Trim(), StringComparison.OrdinalIgnoreCase))
            return;
        var sentences = ReplyParser.Sentences(soFar, int.MaxValue);
        // The last sentence may still grow, or gain its citation marker.
        await CheckAsync(sentences, sentences.Count - 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The whole reply: what is left unchecked is checked.</summary>
    public async Task FinishAsync(string reply, CancellationToken cancellationToken)
    {
        var sentences = ReplyParser.Sentences(reply, int.MaxValue);
        await CheckAsync(sentences, sentences.Count, cancellationToken).ConfigureAwait(false);
    }

    async Task CheckAsync(IReadOnlyList<ReplySentence> sentences, int finished, CancellationToken cancellationToken)
    {
        for (; _checked < finished; _checked++)
        {
            var (kept, dropped) = await support.CheckSentenceAsync(sentences[_checked], given, cancellationToken).ConfigureAwait(false);
            foreach (var piece in dropped)
                LogDropped(logger, conversationId, piece.Reason, piece.Text);
            _dropped.AddRange(dropped);
            if (kept is null)
                continue;
            _kept.Add(kept);
            if (draft is not null && SupportCheck.HoldsAnAnswer(_kept) && SpeaksTo(question, _kept))
            {
                Shown.Clear();
                Shown.AddRange(_kept);
                await draft.ShowAsync(string.Join(' ', Shown.Select(s => s.Text)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Supported is not enough: "The answer is complicated [1]" may be quoted faithfully and still say nothing.
    /// What is kept must hold at least one of the question's own words, or an English synonym of one.
    /// </summary>
    public static bool SpeaksTo(Question question, IReadOnlyList<SupportedSentence> kept)
    {
        var stems = SentenceCatalog.StemsOf(string.Join(' ', kept.Select(k => k.Text)));
        var asked = question.Asked.ToList();
        return asked.Count == 0 || asked.Any(t => stems.Contains(t.Stem));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: a statement of the model's answer was dropped because {Reason}: \"{Statement}\"")]
    static partial void LogDropped(ILogger logger, string conversationId, string reason, string statement);
}
