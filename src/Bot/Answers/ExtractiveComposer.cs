using System.Text;
using System.Text.RegularExpressions;
using Bot.Corpus;

namespace Bot.Answers;

/// <summary>
/// Answers in the sources' own sentences, with no model: the best sentence (with the one before it when it
/// opens with "This" or "He" and needs it), and a second one where it adds to the answer or comes from
/// another source. When two sources state different dates or numbers, it says so and cites both. When
/// nothing found covers enough of the question, it declines rather than guess.
/// </summary>
public sealed partial class ExtractiveComposer(CorpusSnapshot corpus, SentenceCatalog catalog) : IAnswerComposer
{
    /// <summary>Below this share of the question's weighted words, a passage does not answer it, however well it ranks.</summary>
    internal const double MinCoverage = 0.55;

    /// <summary>The chosen sentence itself must hold some of the question, not just sit in a passage that does.</summary>
    internal const double MinOwnCoverage = 0.25;

    /// <summary>Matching by loose synonyms alone ("population" by "people") is not enough.</summary>
    internal const double MinDirectCoverage = 0.35;

    /// <summary>A follow-up's own words ("won" in "Who won?") must be in the sentence; the inherited topic is not enough.</summary>
    internal const double MinAskedCoverage = 0.5;

    /// <summary>A sentence that covers the words but lacks what is asked for (no number for "how many") scores below this.</summary>
    internal const double MinScore = 0.4;

    const int MaxSentences = 3;

    public ValueTask<Answer> ComposeAsync(AnswerRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Compose(request));

    public Answer Compose(AnswerRequest request)
    {
        var candidates = request.Evidence.Where(Answers).ToList();
        if (candidates.Count == 0)
            return NotFound();

        var best = candidates[0];
        var chosen = new List<SentenceFacts>();
        AddWithLeadIn(chosen, best.Sentence);
        var explains = request.Question.Kind is QuestionKind.Why or QuestionKind.What or QuestionKind.How or QuestionKind.YesNo;

        RankedSentence? second = null;
        foreach (var candidate in candidates.Skip(1))
        {
            if (candidate.Score < best.Score - 0.25 || chosen.Count >= MaxSentences)
                break;
            // A near-copy adds nothing, unless it gives another date or number: then it is the other side.
            if (chosen.Any(c => c.Key == candidate.Sentence.Key || (Overlap(c, candidate.Sentence) >= 0.5 && !Conflict(request.Question.Kind, c, candidate.Sentence))))
                continue;
            // Another source is worth showing only when it answers the same question about as squarely.
            // A follow-up stays on the conversation's thread: a sentence from elsewhere that merely shares its
            // one new word ("win" an election, after a war) is not the other side of anything.
            var otherSource = candidate.Sentence.Passage.DocumentId != best.Sentence.Passage.DocumentId
                && candidate.OwnCoverage >= 0.8 * best.OwnCoverage
                && !request.Question.IsFollowUp;
            var addsWords = request.Question.Asked.Any(t => candidate.Sentence.Stems.Contains(t.Stem) && !chosen.Any(c => c.Stems.Contains(t.Stem)));
            if (otherSource || (addsWords && explains))
            {
                second = candidate;
                break;
            }
        }
        // A short explanation reads better with the sentence that follows it in the source.
        if (second is null && explains && chosen.Sum(c => c.WordCount) < 20)
        {
            var sentences = PassageSentences(best.Sentence);
            if (best.Sentence.Index + 1 < sentences.Count && sentences[best.Sentence.Index + 1] is { IsQuestion: false } next && !chosen.Contains(next))
                chosen.Add(next);
        }
        var disagree = second is not null
            && second.Sentence.Passage.DocumentId != best.Sentence.Passage.DocumentId
            && Conflict(request.Question.Kind, best.Sentence, second.Sentence);
        if (second is not null && chosen.Count < MaxSentences)
            AddWithLeadIn(chosen, second.Sentence, allowLeadIn: chosen.Count + 2 <= MaxSentences);

        return Cite(chosen, disagree ? "The sources differ here. " : "") with { SourcesDiffer = disagree };
    }

    /// <summary>
    /// Whether a sentence answers the question at all. A sentence that holds exactly what is asked for (a
    /// date, a count of the very thing) may leave more of the question's other words unmatched.
    /// </summary>
    static bool Answers(RankedSentence r) =>
        r.Coverage >= MinCoverage - (r.HoldsWhatIsAsked ? 0.15 : 0)
        && r.OwnCoverage >= MinOwnCoverage
        && r.DirectCoverage >= MinDirectCoverage
        && r.AskedCoverage >= MinAskedCoverage
        && r.SaysWhatIsAsked
        && r.Score >= MinScore;

    Answer NotFound() => new(
        AnswerKind.NotFound,
        $"I could not find an answer to that in my sources. They cover {corpus.Metadata.Topic}, and I only answer from them.",
        []);

    Answer Cite(List<SentenceFacts> sentences, string preface)
    {
        var citations = new List<Citation>();
        var text = new StringBuilder(preface);
        foreach (var sentence in sentences)
        {
            var citation = citations.Find(c => c.Passage.Id == sentence.Passage.Id);
            if (citation is null)
            {
                citation = new Citation(citations.Count + 1, sentence.Passage, corpus.DocumentOf(sentence.Passage).Title);
                citations.Add(citation);
            }
            if (text.Length > 0 && text[^1] != ' ')
                text.Append(' ');
            text.Append(Finished(sentence.Text)).Append(" [").Append(citation.Position).Append(']');
        }
        return new Answer(AnswerKind.Answered, text.ToString(), citations)
        {
            QuotedSentences = [.. sentences.Select(s => s.Key)],
        };
    }

    /// <summary>A sentence that opens by pointing back ("This is his second trip") brings the sentence it points to.</summary>
    /// <remarks>The lead-in is the nearest earlier sentence that does not itself point back, so that "he" gets a name.</remarks>
    void AddWithLeadIn(List<SentenceFacts> chosen, SentenceFacts sentence, bool allowLeadIn = true)
    {
        if (allowLeadIn && NeedsAntecedent(sentence))
        {
            var sentences = PassageSentences(sentence);
            for (var i = sentence.Index - 1; i >= 0 && i >= sentence.Index - 3; i--)
            {
                if (sentences[i].IsQuestion)
                    break;
                if (!NeedsAntecedent(sentences[i]) || i == 0)
                {
                    if (!chosen.Contains(sentences[i]))
                        chosen.Add(sentences[i]);
                    break;
                }
            }
        }
        if (!chosen.Contains(sentence))
            chosen.Add(sentence);
    }

    static bool NeedsAntecedent(SentenceFacts sentence) =>
        sentence.Index > 0 && (PointsBack().IsMatch(sentence.Text) || EarlyPronoun().IsMatch(sentence.Text));

    IReadOnlyList<SentenceFacts> PassageSentences(SentenceFacts sentence) => catalog.Find(sentence.Passage.Id)?.Sentences ?? [sentence];

    static double Overlap(SentenceFacts a, SentenceFacts b)
    {
        var shared = a.Stems.Count(b.Stems.Contains);
        var union = a.Stems.Count + b.Stems.Count - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    /// <summary>Two sources give different dates or numbers for the same question.</summary>
    static bool Conflict(QuestionKind kind, SentenceFacts a, SentenceFacts b) => kind switch
    {
        QuestionKind.When => a.Years.Count > 0 && b.Years.Count > 0 && !a.Years.Intersect(b.Years).Any(),
        QuestionKind.Quantity => a.Numbers.Count > 0 && b.Numbers.Count > 0 && !a.Numbers.Intersect(b.Numbers).Any(),
        _ => false,
    };

    static string Finished(string sentence) =>
        sentence.Length > 0 && ".!?\"”’)".Contains(sentence[^1], StringComparison.Ordinal) ? sentence : sentence + ".";

    [GeneratedRegex(@"^(This|That|These|Those|It|Its|They|Their|He|His|She|Her|Such|The two|Both|Afterwards|Then|However|But)\b")]
    private static partial Regex PointsBack();

    // A pronoun among the first few words ("Two months earlier he said...") also leans on what came before.
    [GeneratedRegex(@"^(\S+\s+){0,5}(he|she|they|him|them|his|her|their|this|these)\b")]
    private static partial Regex EarlyPronoun();
}
