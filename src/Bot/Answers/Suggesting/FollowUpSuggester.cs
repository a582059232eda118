using Bot.Conversations;
using Bot.Corpus;

namespace Bot.Answers;

/// <summary>
/// Proposes questions to ask next. Candidates are real questions: those the sources themselves pose (FAQ
/// headings), the corpus's suggested questions, and "What happened in 1956?" for each year the sources date
/// an event in; each is tried once, offline, and kept only if the sources answer it, so a suggestion never
/// leads to "I could not find an answer". After an answer, those related to it (sharing the rarer words of
/// the question or the answer) whose answer the conversation has not been given yet are offered.
/// </summary>
public sealed class FollowUpSuggester
{
    /// <summary>Enough to choose from; trying thousands of headings of a large corpus at start-up would buy nothing.</summary>
    const int MaxCandidates = 200;

    readonly Lazy<Task<IReadOnlyList<Candidate>>> _candidates;
    readonly SentenceCatalog _catalog;

    public FollowUpSuggester(CorpusSnapshot corpus, QuestionReader reader, EvidenceFinder finder, ExtractiveComposer composer, SentenceCatalog catalog, Timeline timeline)
    {
        _catalog = catalog;
        _candidates = new Lazy<Task<IReadOnlyList<Candidate>>>(() => PrepareAsync(corpus, reader, finder, composer, timeline));
    }

    /// <summary>Tries the candidates in the background (each is a search), so that the first answer does not wait for them; the task ends when they are tried.</summary>
    public Task StartPreparing() => _candidates.Value;

    public async Task<IReadOnlyList<string>> SuggestAsync(Question question, Answer answer, IReadOnlyList<TurnRecord> history, CancellationToken cancellationToken, int count = 3)
    {
        IReadOnlyList<Candidate> candidates;
        try
        {
            candidates = await _candidates.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Bot.Index.IndexUnavailableException)
        {
            // Suggestions are a courtesy: an answer goes without them rather than not at all.
            return [];
        }
        var asked = new HashSet<string>(history.Select(t => Normalize(t.Question)), StringComparer.Ordinal) { Normalize(question.Text) };
        var quoted = new HashSet<string>(history.SelectMany(t => t.QuotedSentences), StringComparer.Ordinal);
        quoted.UnionWith(answer.QuotedSentences);
        // Related means sharing what was asked about or what the answer said: "the Kuril Islands" in an
        // answer about the peace treaty makes the island dispute a natural next question.
        // The answer's words are its sentences' stems, read once from the catalog rather than stemmed again.
        var topic = new HashSet<string>(TopicCapacity, StringComparer.Ordinal);
        foreach (var term in question.Terms)
            topic.Add(term.Stem);
        foreach (var key in answer.QuotedSentences)
        {
            if (_catalog.FindSentence(key) is { } sentence)
                topic.UnionWith(sentence.Stems);
        }

        // Never the question just answered, nor one whose answer the conversation has already been given.
        var ranked = new List<(Candidate Candidate, double Relatedness, int Order)>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (asked.Contains(candidate.Normalized) || AnyIn(candidate.QuotedSentences, quoted))
                continue;
            var relatedness = 0.0;
            foreach (var stem in candidate.Stems)
            {
                if (topic.Contains(stem))
                    relatedness += _catalog.Weight(stem);
            }
            if (relatedness > 0)
                ranked.Add((candidate, relatedness, ranked.Count));
        }
        // Equally related candidates keep their order: the same suggestions for the same answer, every time.
        ranked.Sort((a, b) => b.Relatedness != a.Relatedness ? b.Relatedness.CompareTo(a.Relatedness) : a.Order.CompareTo(b.Order));

        // Two suggestions that would quote the same sentence, or ask about mostly the same words, are one
        // suggestion twice.
        var picked = new List<string>(count);
        var promised = new HashSet<string>(StringComparer.Ordinal);
        var pickedStems = new List<HashSet<string>>();
        foreach (var (candidate, _, _) in ranked)
        {
            if (AnyIn(candidate.QuotedSentences, promised)
                || pickedStems.Any(stems => candidate.Stems.Count(stems.Contains) * 3 >= candidate.Stems.Count * 2))
                continue;
            picked.Add(candidate.Text);
            promised.UnionWith(candidate.QuotedSentences);
            pickedStems.Add(candidate.Stems);
            if (picked.Count == count)
                break;
        }
        return picked;
    }

    static async Task<IReadOnlyList<Candidate>> PrepareAsync(CorpusSnapshot corpus, QuestionReader reader, EvidenceFinder finder, ExtractiveComposer composer, Timeline timeline)
    {
        // Real questions only: those the sources pose themselves, the operator's, and, for each year the sources
        // date an event in, what happened then. Headings pasted into a template ("Tell me about Russia Steps up
        // its claims") read as what they are.
        var posed = corpus.Documents.SelectMany(d => d.Blocks).Select(b => b.Heading?.Trim()).OfType<string>()
            .Where(h => h is { Length: > 8 and < 100 } && h.EndsWith('?'));
        var years = timeline.Entries.Select(e => e.Year).Distinct().Select(y => $"What happened in {y}?");
        var texts = posed
            .Concat(corpus.Metadata.SuggestedQuestions)
            .Concat(years)
            .DistinctBy(Normalize)
            .Take(MaxCandidates);

        var candidates = new List<Candidate>();
        foreach (var text in texts)
        {
            var question = reader.Read(text, [], corpus.Metadata.Subject);
            if (question.Terms.Count == 0 || question.IsFollowUp)
                continue;
            var evidence = await finder.FindAsync(question, [], CancellationToken.None).ConfigureAwait(false);
            var answer = composer.Compose(new AnswerRequest(question, evidence.Sentences));
            if (answer.Kind != AnswerKind.Answered)
                continue;
            var stems = SentenceCatalog.StemsOf($"{text} {answer.Text}").ToHashSet(StringComparer.Ordinal);
            candidates.Add(new Candidate(text, Normalize(text), stems, answer.QuotedSentences));
        }
        // Questions the sources answer with the same sentences are one question: the shortest wording stays.
        return [.. candidates
            .GroupBy(c => string.Join('|', c.QuotedSentences.Order(StringComparer.Ordinal)))
            .Select(g => g.MinBy(c => c.Text.Length)!)];
    }

    /// <summary>Room for a question's words and its answer's, so that gathering them does not grow the set as it goes.</summary>
    const int TopicCapacity = 64;

    static bool AnyIn(IReadOnlyList<string> items, HashSet<string> set)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (set.Contains(items[i]))
                return true;
        }
        return false;
    }

    static string Normalize(string question) =>
        new([.. question.ToLowerInvariant().Where(char.IsLetterOrDigit)]);

    sealed record Candidate(string Text, string Normalized, HashSet<string> Stems, IReadOnlyList<string> QuotedSentences);
}
