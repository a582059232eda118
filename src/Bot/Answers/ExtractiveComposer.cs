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

    const int MaxSentences = 3;

    public ValueTask<Answer> ComposeAsync(AnswerRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Compose(request));

    public Answer Compose(AnswerRequest request)
    {
        var candidates = request.Evidence.Where(r => r.Coverage >= MinCoverage && r.OwnCoverage >= MinOwnCoverage).ToList();
        if (candidates.Count == 0)
            return NotFound();

        var best = candidates[0];
        var chosen = new List<SentenceFacts>();
        AddWithLeadIn(chosen, best.Sentence);

        RankedSentence? second = null;
        foreach (var candidate in candidates.Skip(1))
        {
            if (candidate.Score < best.Score - 0.25 || chosen.Count >= MaxSentences)
                break;
            if (chosen.Any(c => c.Key == candidate.Sentence.Key || Overlap(c, candidate.Sentence) >= 0.5))
                continue;
            var otherSource = candidate.Sentence.Passage.DocumentId != best.Sentence.Passage.DocumentId;
            var addsWords = request.Question.Asked.Any(t => candidate.Sentence.Stems.Contains(t.Stem) && !chosen.Any(c => c.Stems.Contains(t.Stem)));
            if (otherSource || (addsWords && request.Question.Kind is QuestionKind.Why or QuestionKind.What or QuestionKind.YesNo))
            {
                second = candidate;
                break;
            }
        }
        var disagree = second is not null
            && second.Sentence.Passage.DocumentId != best.Sentence.Passage.DocumentId
            && Conflict(request.Question.Kind, best.Sentence, second.Sentence);
        if (second is not null && chosen.Count < MaxSentences)
            AddWithLeadIn(chosen, second.Sentence, allowLeadIn: chosen.Count + 2 <= MaxSentences);

        return Cite(chosen, disagree ? "The sources differ here. " : "");
    }

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
    void AddWithLeadIn(List<SentenceFacts> chosen, SentenceFacts sentence, bool allowLeadIn = true)
    {
        if (allowLeadIn && sentence.Index > 0 && PointsBack().IsMatch(sentence.Text))
        {
            var before = PassageSentences(sentence)[sentence.Index - 1];
            if (!before.IsQuestion && !chosen.Contains(before))
                chosen.Add(before);
        }
        if (!chosen.Contains(sentence))
            chosen.Add(sentence);
    }

    IReadOnlyList<SentenceFacts> PassageSentences(SentenceFacts sentence) => catalog.Find(sentence.Passage.Id)?.Sentences ?? [sentence];

    static double Overlap(SentenceFacts a, SentenceFacts b)
    {
        var shared = a.Stems.Count(b.Stems.Contains);
        var union = a.Stems.Count + b.Stems.Count - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    /// <summary>Two sources give different dates or numbers for the same question, or one denies what the other states.</summary>
    static bool Conflict(QuestionKind kind, SentenceFacts a, SentenceFacts b) => kind switch
    {
        QuestionKind.When => a.Years.Count > 0 && b.Years.Count > 0 && !a.Years.Intersect(b.Years).Any(),
        QuestionKind.Quantity => a.Numbers.Count > 0 && b.Numbers.Count > 0 && !a.Numbers.Intersect(b.Numbers).Any(),
        QuestionKind.YesNo => a.IsNegated != b.IsNegated,
        _ => false,
    };

    static string Finished(string sentence) =>
        sentence.Length > 0 && ".!?\"”’)".Contains(sentence[^1], StringComparison.Ordinal) ? sentence : sentence + ".";

    [GeneratedRegex(@"^(This|That|These|Those|It|Its|They|Their|He|His|She|Her|Such|The two|Both|Afterwards|Then|However|But)\b")]
    private static partial Regex PointsBack();
}
