using Bot.Conversations;
using Bot.Corpus;

namespace Bot.Answers;

/// <summary>
/// Proposes questions to ask next. Candidates are the questions the sources themselves pose (FAQ headings),
/// their section headings as "Tell me about ...", and the corpus's suggested questions; each is tried
/// once, offline, and kept only if the sources answer it, so a suggestion never leads to "I could not find
/// an answer". After an answer, those that share its rarer words and would quote something new are offered.
/// </summary>
public sealed class FollowUpSuggester
{
    /// <summary>Enough to choose from; trying thousands of headings of a large corpus at start-up would buy nothing.</summary>
    const int MaxCandidates = 200;

    readonly Lazy<Task<IReadOnlyList<Candidate>>> _candidates;
    readonly SentenceCatalog _catalog;

    public FollowUpSuggester(CorpusSnapshot corpus, QuestionReader reader, EvidenceFinder finder, ExtractiveComposer composer, SentenceCatalog catalog)
    {
        _catalog = catalog;
        _candidates = new Lazy<Task<IReadOnlyList<Candidate>>>(() => PrepareAsync(corpus, reader, finder, composer));
    }

    /// <summary>Tries the candidates in the background (each is a search), so that the first answer does not wait for them.</summary>
    public void StartPreparing() => _ = _candidates.Value;

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
        var topic = new HashSet<string>(question.Terms.Select(t => t.Stem), StringComparer.Ordinal);
        topic.UnionWith(SentenceCatalog.StemsOf(answer.Text));

        var ranked = candidates
            .Where(c => !asked.Contains(c.Normalized) && c.QuotedSentences.Any(s => !quoted.Contains(s)))
            .Select(c => (Candidate: c, Relatedness: c.Stems.Where(topic.Contains).Sum(_catalog.Weight)))
            .Where(c => c.Relatedness > 0)
            .OrderByDescending(c => c.Relatedness);

        // Two suggestions that would quote the same sentence, or ask about mostly the same words, are one
        // suggestion twice.
        var picked = new List<string>(count);
        var promised = new HashSet<string>(StringComparer.Ordinal);
        var pickedStems = new List<HashSet<string>>();
        foreach (var (candidate, _) in ranked)
        {
            if (candidate.QuotedSentences.Any(promised.Contains)
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

    static async Task<IReadOnlyList<Candidate>> PrepareAsync(CorpusSnapshot corpus, QuestionReader reader, EvidenceFinder finder, ExtractiveComposer composer)
    {
        var headings = corpus.Documents.SelectMany(d => d.Blocks).Select(b => b.Heading?.Trim()).OfType<string>().ToList();
        var lowercaseWords = LowercaseUses(corpus, headings);
        var texts = headings
            .Where(h => h is { Length: > 8 and < 100 } && h.EndsWith('?'))
            .Concat(corpus.Metadata.SuggestedQuestions)
            .Concat(headings.Where(h => !h.EndsWith('?') && h.Length < 60).Select(h => "Tell me about " + Sentence(h, lowercaseWords)))
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
            var stems = question.Asked.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
            candidates.Add(new Candidate(text, Normalize(text), stems, answer.QuotedSentences));
        }
        // Questions the sources answer with the same sentences are one question: the shortest wording stays.
        return [.. candidates
            .GroupBy(c => string.Join('|', c.QuotedSentences.Order(StringComparer.Ordinal)))
            .Select(g => g.MinBy(c => c.Text.Length)!)];
    }

    /// <summary>
    /// A title-case heading as words in a sentence: "The Kuril Islands Dispute" becomes "the Kuril islands
    /// dispute", lowering each capitalised word that the corpus also writes in lower case. "Kuril" it never
    /// does, so names keep their capitals.
    /// </summary>
    static string Sentence(string heading, HashSet<string> lowercaseWords)
    {
        var words = heading.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word.Length > 1 && char.IsUpper(word[0]) && word[1..].All(char.IsLower) && lowercaseWords.Contains(word.ToLowerInvariant()))
                words[i] = word.ToLowerInvariant();
        }
        var text = string.Join(' ', words);
        // "Tell me about dispute between..." wants its article; "Tell me about Russian oil" does not.
        return char.IsLower(text[0]) && words[0] is not ("the" or "a" or "an") ? "the " + text : text;
    }

    /// <summary>The heading words the corpus also writes in lower case, found in one pass over the text.</summary>
    static HashSet<string> LowercaseUses(CorpusSnapshot corpus, IReadOnlyList<string> headings)
    {
        var wanted = headings
            .SelectMany(h => h.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        char[] separators = [' ', ',', '.', ';', ':', '(', ')', '"', '\n'];
        foreach (var passage in corpus.Passages)
        {
            foreach (var word in passage.Text.Split(separators, StringSplitOptions.RemoveEmptyEntries))
            {
                if (char.IsLower(word[0]) && wanted.Contains(word))
                    found.Add(word);
            }
        }
        return found;
    }

    static string Normalize(string question) =>
        new([.. question.ToLowerInvariant().Where(char.IsLetterOrDigit)]);

    sealed record Candidate(string Text, string Normalized, HashSet<string> Stems, IReadOnlyList<string> QuotedSentences);
}
