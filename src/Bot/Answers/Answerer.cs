using System.Security.Cryptography;
using Bot.Conversations;
using Bot.Corpus;
using Bot.Index;
using Bot.Storage;
using Bot.Telemetry;

namespace Bot.Answers;

/// <summary>
/// One turn of a conversation, the same for every channel: read the question in the light of the
/// conversation so far, find evidence, compose the answer, and remember the turn for the next one.
/// </summary>
public sealed partial class Answerer(
    IConversationStore conversations,
    QuestionReader reader,
    EvidenceFinder finder,
    IAnswerComposer composer,
    FollowUpSuggester suggester,
    CorpusSnapshot corpus,
    SentenceCatalog catalog,
    TimelineAnswers timeline,
    TimeProvider time,
    ILogger<Answerer> logger,
    IFollowUpRewriter? rewriter = null)
{
    /// <summary>Longer messages are declined: a question that long is a pasted document, and reading it would only mislead.</summary>
    public const int MaxQuestionLength = 1000;

    public async Task<Answer> AnswerAsync(string conversationId, string? text, CancellationToken cancellationToken, IAnswerDraft? draft = null)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Answer.Prompt(Invitation());
        if (text.Length > MaxQuestionLength)
        {
            return Answer.Prompt(
                $"That message is {text.Length:N0} characters long. I answer one question at a time, in under {MaxQuestionLength:N0} characters: could you ask it more briefly?");
        }

        var started = time.GetTimestamp();
        var asked = text.Trim();
        var (history, remembered) = await RecallAsync(conversationId, cancellationToken).ConfigureAwait(false);
        var thread = ThreadOf(history);

        // "Give me a timeline", "what happened between 1945 and 1956?": that part of the sources' timeline.
        if (timeline.TryAnswer(asked) is { } dated)
            return await RememberAsync(conversationId, asked, reader.Read(asked, thread, corpus.Metadata.Subject), dated, started, cancellationToken).ConfigureAwait(false);

        // A message that asks two things gets both answered, each part read in the light of the one before it
        // ("Who met whom, and where?"), each with its own citations.
        var parts = QuestionParts.Split(asked);
        var answers = new List<(string Part, Answer Answer)>(parts.Count);
        Question? question = null;
        var partThread = thread;
        foreach (var part in parts)
        {
            var (read, partAnswer) = await AnswerPartAsync(conversationId, part, partThread, history.Count > 0, remembered, started, parts.Count == 1 ? draft : null, cancellationToken).ConfigureAwait(false);
            if (partAnswer.Kind == AnswerKind.Prompt)
                return partAnswer;
            question ??= read;
            answers.Add((part, partAnswer));
            if (partAnswer.Kind == AnswerKind.Answered)
                partThread = [.. partThread, TurnOf(part, read!, partAnswer, "")];
        }
        var merged = AnswerMerger.Merge(answers);
        // What a later follow-up leans on is the last part answered, which the thread of parts ends with.
        var last = answers.LastOrDefault(a => a.Answer.Kind == AnswerKind.Answered);
        question = parts.Count > 1 && last.Part is { } lastPart ? reader.Read(lastPart, thread, corpus.Metadata.Subject) : question!;

        if (merged.Kind == AnswerKind.Answered)
            merged = merged with { FollowUps = await suggester.SuggestAsync(question, merged, history, cancellationToken).ConfigureAwait(false) };
        return await RememberAsync(conversationId, asked, question, merged, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Remembers the turn for the questions after it, and logs it.</summary>
    async Task<Answer> RememberAsync(string conversationId, string asked, Question question, Answer answered, long started, CancellationToken cancellationToken)
    {
        var turnId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var answer = answered with { TurnId = turnId };
        var turn = TurnOf(asked, question, answer, turnId);
        try
        {
            await conversations.AppendAsync(conversationId, turn, cancellationToken).ConfigureAwait(false);
        }
        catch (ConversationDatabaseUnavailableException)
        {
            // Logged by the database. The answer stands; only the next question's context is lost.
        }

        var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
        LogAnswered(logger, conversationId, question.Kind, question.IsFollowUp, answer.Kind, answer.Citations.Count, elapsed);
        return answer;
    }

    /// <summary>One question read, searched and composed; a prompt instead where it cannot be read as a question.</summary>
    async Task<(Question? Question, Answer Answer)> AnswerPartAsync(
        string conversationId, string text, IReadOnlyList<TurnRecord> thread, bool askedBefore, bool remembered, long started, IAnswerDraft? draft, CancellationToken cancellationToken)
    {
        var question = reader.Read(text, thread, corpus.Metadata.Subject);
        if (question.Terms.Count == 0)
            return (null, Answer.Prompt(Invitation()));
        // A follow-up read without its conversation could be answered about the wrong thing; better to ask again.
        if (!remembered && question.LeansOnContext)
            return (null, Answer.Prompt(ContextLost));
        // "When did he visit again?" as a first message: there is nobody for "he" to be. After questions the sources
        // did not answer, there is nobody either, but saying nothing was talked about would be untrue.
        if (question.NamesNobody && thread.Count == 0)
            return (null, Answer.Prompt(askedBefore ? WhoIsMeantAfterUnanswered : WhoIsMeant));

        var (read, answer) = await SearchAndComposeAsync(conversationId, question, thread, started, draft, cancellationToken).ConfigureAwait(false);
        // "How did Tokyo react?" after a question about Medvedev's visit names enough to pass for a new question,
        // and read alone the sources answer nothing so asked; read with its thread, it asks how Tokyo reacted to
        // that visit, which they do answer. A question that names what the sources never do stays declined, and
        // so does one whose own words are nowhere near the sentences its thread finds ("what is sushi made of?").
        if (answer.Kind == AnswerKind.NotFound && thread.Count > 0 && !question.LeansOnContext && !question.IsOutsideCorpus)
        {
            var withThread = reader.Read(text, thread, corpus.Metadata.Subject, withThread: true);
            var again = await SearchAndComposeAsync(conversationId, withThread, thread, started, draft, cancellationToken, MinOwnSimilarityWithThread).ConfigureAwait(false);
            if (again.Answer.Kind == AnswerKind.Answered)
            {
                LogReadWithThread(logger, conversationId);
                return again;
            }
        }
        return (read, answer);
    }

    /// <summary>
    /// How near in meaning a sentence must be to a question's own words (cosine, without its thread) to answer it
    /// when the question is read with its thread only because alone the sources answered nothing. Read with a
    /// thread, the thread's sentences score well whatever is asked; off-topic questions asked mid-thread ("what's
    /// the weather in Moscow today?", "what is sushi made of?") were near 0.53 to 0.55 to what the thread found,
    /// and the follow-ups that thread reading answers right near 0.61 to 0.64. Measured on the question sets:
    /// held out 5 right answers fewer and 4 declines more, 1 pass fewer in all; tuning 4 passes fewer.
    /// </summary>
    const double MinOwnSimilarityWithThread = 0.58;

    /// <summary>Searches for a question read one way and composes its answer; a prompt instead where the search cannot run.</summary>
    /// <param name="minOwnSimilarity">Sentences less near than this to the question's own words are not weighed (see <see cref="MinOwnSimilarityWithThread"/>).</param>
    async Task<(Question? Question, Answer Answer)> SearchAndComposeAsync(
        string conversationId, Question question, IReadOnlyList<TurnRecord> thread, long started, IAnswerDraft? draft, CancellationToken cancellationToken, double minOwnSimilarity = 0)
    {
        if (rewriter is not null && await rewriter.RewriteAsync(question, thread, conversationId, started, cancellationToken).ConfigureAwait(false) is { } standalone)
            question = standalone;

        Evidence evidence;
        using (var retrieving = BotTelemetry.Source.StartActivity("retrieval"))
        {
            retrieving?.SetTag("bot.question_kind", question.Kind.ToString());
            retrieving?.SetTag(BotTelemetry.FollowUpTag, question.IsFollowUp);
            try
            {
                evidence = await finder.FindAsync(question, thread, cancellationToken).ConfigureAwait(false);
            }
            catch (IndexUnavailableException)
            {
                // Logged by the index, and shown in /healthz. "Not found" would be a false answer.
                retrieving?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "index unavailable");
                return (null, Answer.Prompt(CannotSearch));
            }
            catch (Bot.Embeddings.EmbeddingFailedException e)
            {
                // The embedding model failed on this question: the person is told the bot cannot search now,
                // not given a server error, and the operator finds why in the log.
                LogEmbeddingFailed(logger, conversationId, e);
                retrieving?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "embedding failed");
                return (null, Answer.Prompt(CannotSearch));
            }
            if (minOwnSimilarity > 0)
                evidence = evidence with { Sentences = [.. evidence.Sentences.Where(s => s.Measures.OwnSimilarity >= minOwnSimilarity)] };
            retrieving?.SetTag("bot.sentences", evidence.Sentences.Count);
            retrieving?.SetTag(BotTelemetry.PassagesWeighedTag, evidence.Sentences.Select(s => s.Sentence.Passage.Id).Distinct(StringComparer.Ordinal).ToArray());
        }
        var request = new AnswerRequest(question, evidence.Sentences)
        {
            ConversationId = conversationId,
            StartedAt = started,
            EarlierQuestions = [.. thread.Select(t => t.Question)],
            QuotedLastTurn = MainSentencesOf(thread),
            SaidLastTurn = thread.Count > 0 ? thread[^1].QuotedSentences.ToHashSet(StringComparer.Ordinal) : new HashSet<string>(),
            Draft = draft,
        };
        using var composing = BotTelemetry.Source.StartActivity("composition");
        Answer answer;
        try
        {
            answer = await composer.ComposeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Bot.Embeddings.EmbeddingFailedException e)
        {
            // The model path embeds the model's statements to check them; a model that fails there fails the turn
            // as it would in the search.
            LogEmbeddingFailed(logger, conversationId, e);
            return (null, Answer.Prompt(CannotSearch));
        }
        composing?.SetTag("bot.answer_kind", answer.Kind.ToString());
        composing?.SetTag("bot.generated", answer.IsGenerated);
        composing?.SetTag("bot.with_caveat", answer.IsTentative);
        return (question, answer);
    }

    /// <summary>What is remembered of a turn for the questions after it.</summary>
    TurnRecord TurnOf(string asked, Question question, Answer answer, string turnId) => new(
        asked,
        question.TopicWords,
        [.. answer.Citations.Select(c => c.Passage.Id)],
        answer.QuotedSentences,
        time.GetUtcNow(),
        turnId,
        answer.Text,
        Thread: question.Thread,
        Kind: question.Kind.ToString(),
        Focus: answer.Kind == AnswerKind.Answered ? ThreadFocus.Of(answer.Text, catalog) : null,
        // "Who won the 2022 Super Bowl?" sets a subject of its own that "and the year before?" is about; "how many
        // soldiers died?", declined for words the sources never use, does not: "how did it end?" after it asks
        // about the war the conversation was on.
        OutsideSources: answer.Kind == AnswerKind.NotFound && question.NamesWhatSourcesNever);

    /// <summary>
    /// The turns a new question is read with: those that were answered. A turn the bot could not answer does not
    /// become the thread, so "has anyone been killed?" after a declined question is read with the last question
    /// that was answered, not with the one the sources are silent on.
    /// </summary>
    /// <remarks>
    /// The one exception is a question declined because it named what the sources never do ("Who won the 2022
    /// Super Bowl?"): a bare follow-up to it ("Who won?") is about that, and is read with it.
    /// </remarks>
    public static IReadOnlyList<TurnRecord> ThreadOf(IReadOnlyList<TurnRecord> history) =>
        history.Count > 0 && history[^1].OutsideSources ? [history[^1]] : [.. history.Where(t => t.CitedPassageIds.Count > 0)];

    /// <summary>The sentences the last answer gave as its answer: those of the passage it cited first (a second source is extra).</summary>
    static HashSet<string> MainSentencesOf(IReadOnlyList<TurnRecord> history)
    {
        if (history.Count == 0 || history[^1].CitedPassageIds.Count == 0)
            return [];
        var first = history[^1].CitedPassageIds[0] + "/";
        return history[^1].QuotedSentences.Where(k => k.StartsWith(first, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>What the bot says to a first message that points back to someone or something never mentioned.</summary>
    public const string WhoIsMeant = "I'm not sure who or what you mean: we haven't talked about anyone yet. Could you ask the whole question?";

    /// <summary>The same, where the conversation's earlier questions were all ones the sources did not answer.</summary>
    public const string WhoIsMeantAfterUnanswered = "I'm not sure who or what you mean: I couldn't answer what you asked before, so there's nothing for that to point back to. Could you ask the whole question?";

    /// <summary>What the bot says when its index cannot be read: the sources may well answer; it cannot look.</summary>
    public const string CannotSearch = "I can't search my sources just now, so I can't answer that. Please try again in a minute.";

    /// <summary>What the bot says when it cannot recall the conversation a follow-up leans on.</summary>
    public const string ContextLost = "I can't recall our conversation just now, so I'm not sure what that refers to. Could you ask the whole question?";

    /// <summary>The conversation's recent turns, and whether they could be read: a store that is down gives none.</summary>
    async Task<(IReadOnlyList<TurnRecord> History, bool Remembered)> RecallAsync(string conversationId, CancellationToken cancellationToken)
    {
        try
        {
            return (await conversations.RecentTurnsAsync(conversationId, cancellationToken).ConfigureAwait(false), true);
        }
        catch (ConversationDatabaseUnavailableException)
        {
            return ([], false);
        }
    }

    /// <summary>What the bot says to a newcomer or to an empty message: what it knows and how to ask.</summary>
    public string Invitation() => InvitationTo(corpus.Metadata);

    /// <summary>The invitation for a corpus, which needs nothing but what the corpus says of itself.</summary>
    public static string InvitationTo(CorpusMetadata metadata)
    {
        var example = metadata.SuggestedQuestions.Count > 0 ? $" For example: \"{metadata.SuggestedQuestions[0]}\"" : "";
        return $"Ask me a question about {metadata.Topic}. I answer from my sources and cite them.{example}";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation {ConversationId}: the embedding model failed; answered that the bot cannot search just now")]
    static partial void LogEmbeddingFailed(ILogger logger, string conversationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {ConversationId}: the question, unanswered on its own, was answered read with the conversation's thread")]
    static partial void LogReadWithThread(ILogger logger, string conversationId);

    /// <summary>
    /// Every turn is counted and timed by the bot.turns and bot.turn.duration metrics and traced; this line is for
    /// following one conversation (Logging:LogLevel:Bot.Answers at Debug). At Information, writing it to the console
    /// took a tenth of what the server could answer (bench load, 8 conversations: 2,601 against 2,911 turns a second).
    /// </summary>
    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {ConversationId}: {Kind} question (follow-up: {FollowUp}) gave {AnswerKind} with {Citations} citations in {Milliseconds:F2} ms")]
    static partial void LogAnswered(ILogger logger, string conversationId, QuestionKind kind, bool followUp, AnswerKind answerKind, int citations, double milliseconds);
}
