using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Bot.Conversations;
using Bot.Embeddings;
using Bot.Index;

namespace Bot.Answers;

/// <summary>
/// Finds the sentences that answer a question. The index proposes passages (BM25 and vector nearness,
/// fused); every sentence of them is measured: how near its meaning is to the question's (read with its
/// thread, for a follow-up, and on its own), how near its passage is, how much of the question's rarer
/// words it and its passage hold, whether it holds the kind of thing asked for, and, for a follow-up,
/// whether it continues the thread (the passages cited last, sentences like those quoted). The measures are
/// weighed by <see cref="AnswerScorer"/>. A passage that never names a person, place or number the question
/// gives is left out: it answers some other question.
/// </summary>
public sealed partial class EvidenceFinder(
    IPassageIndex index,
    SentenceCatalog catalog,
    QueryVectors vectors,
    AnswerScorer scorer,
    AnswerTypes answerTypes,
    Microsoft.Extensions.Options.IOptions<AnswerOptions> options,
    Microsoft.Extensions.Options.IOptions<Model.LanguageModelOptions> model)
{
    /// <summary>A model reads more than the offline reader weighs well: with one configured, the search brings its number.</summary>
    int PassagesWeighed => model.Value.IsEnabled ? model.Value.PassagesSearched : options.Value.PassagesWeighed;

    const int RarePassages = 2;

    /// <summary>Passages a follow-up's own words bring beside those its thread does.</summary>
    const int OwnWordsPassages = 4;

    /// <summary>Passages a question asking for a name brings by the naming words.</summary>
    const int NamingPassages = 2;

    public async ValueTask<Evidence> FindAsync(Question question, IReadOnlyList<TurnRecord> history, CancellationToken cancellationToken)
    {
        if (question.SearchText.Length == 0)
            return Evidence.None;
        // A follow-up is read with its thread, which can drown what it asks of the thread ("how many of them
        // were Japanese?"); its own words are measured too. A question that follows no thread is read with at
        // most the corpus's subject ("Japan Russia war Is there a peace treaty?"), which drowns nothing: its one
        // vector serves both readings (a second run of the model for the bare words changed one answer in the
        // question sets each way, held out and tuning, and doubled the model's time for such a first question).
        if (!question.IsFollowUp || question.SearchText == question.Corrected || question.Corrected.Length == 0)
        {
            var vector = await vectors.EmbedAsync(question.SearchText, cancellationToken).ConfigureAwait(false);
            return new Evidence(vector, Rank(question, history, vector, vector));
        }
        // Its reading with the thread is its own vector moved toward the thread's questions' (each already embedded
        // when it was asked, so served from the cache): one run of the model a turn, where embedding the thread's
        // text with the question took a second, longer one.
        var own = await vectors.EmbedAsync(question.Corrected, cancellationToken).ConfigureAwait(false);
        var withThread = question.Thread.Count > 1
            ? await TowardThreadAsync(own, question.Thread.Take(question.Thread.Count - 1).ToList(), cancellationToken).ConfigureAwait(false)
            : await vectors.EmbedAsync(question.SearchText, cancellationToken).ConfigureAwait(false);
        return new Evidence(withThread, Rank(question, history, withThread, own));
    }

    /// <summary>
    /// How far a follow-up's vector is moved toward its thread's: the thread's questions, averaged, weigh twice the
    /// follow-up's own words. Against embedding the thread's text with the question (a second run of the model),
    /// 2 kept as many held-out turns passing (1,455 of 2,195 in the 51 sets, against 1,454) with 13 fewer
    /// answers plainly wrong, 9 more unanswerable turns declined and 7 fewer right; tuning the same (478). 1 and 1.5
    /// lost right answers to declines, 3 lost 10 held out.
    /// </summary>
    const float ThreadWeight = 2;

    async ValueTask<float[]> TowardThreadAsync(float[] own, List<string> earlier, CancellationToken cancellationToken)
    {
        var mixed = (float[])own.Clone();
        foreach (var text in earlier)
            TensorPrimitives.MultiplyAdd(await vectors.EmbedAsync(text, cancellationToken).ConfigureAwait(false), ThreadWeight / earlier.Count, mixed, mixed);
        TensorPrimitives.Divide(mixed, TensorPrimitives.Norm(mixed), mixed);
        return mixed;
    }

    /// <summary>Adds, in their order, the hits whose passage is not among the hits already.</summary>
    static void AddNew(List<SearchHit> hits, IReadOnlyList<SearchHit> more)
    {
        foreach (var hit in more)
        {
            if (!hits.Exists(h => h.PassageId == hit.PassageId))
                hits.Add(hit);
        }
    }

    /// <summary>The mean similarity of every sentence of the passages to the question, read with its thread and alone.</summary>
    static (float Thread, float Own) MeanSimilarities(Dictionary<string, SentenceVectors>.ValueCollection passages, float[] vector, float[] ownVector)
    {
        var (sum, ownSum, count) = (0.0, 0.0, 0);
        foreach (var passage in passages)
        {
            for (var i = 0; i < passage.Alone.Count; i++)
            {
                sum += TensorPrimitives.Dot(vector, passage.Alone[i]);
                ownSum += TensorPrimitives.Dot(ownVector, passage.Alone[i]);
                count++;
            }
        }
        return count == 0 ? (0, 0) : ((float)(sum / count), (float)(ownSum / count));
    }

    List<RankedSentence> Rank(Question question, IReadOnlyList<TurnRecord> history, float[] vector, float[] ownVector)
    {
        var hits = index.Search(question.WordsSearched(question.SearchText), vector, PassagesWeighed).ToList();
        // A follow-up is searched with its thread, which can drown what it asks of the thread ("how did Tokyo
        // respond?"): what its own words find is weighed too.
        if (!ReferenceEquals(vector, ownVector))
            AddNew(hits, index.Search(question.WordsSearched(question.Corrected), ownVector, OwnWordsPassages));
        // "What does each side call the islands?" is answered by a sentence that says what they are "known as",
        // whose passage can be about something else (a treaty of 1856), so that the question's other words and
        // its meaning rank it low: the passages the naming words find, nearest the question, are weighed too.
        if (question.SearchedAlso.Length > 0)
            AddNew(hits, index.Search(question.SearchedAlso, vector, NamingPassages));
        var candidates = new List<(PassageFacts Passage, SearchHit Hit)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            if (catalog.Find(hit.PassageId) is { } facts && seen.Add(hit.PassageId))
                candidates.Add((facts, hit));
        }
        // A long paragraph is cut into parts, but it is one unit of meaning: the part a search found brings the
        // others ("the Chinese Foreign Ministry denied a report" is in the part before the report it denies).
        foreach (var (passage, hit) in candidates.ToList())
        {
            foreach (var sibling in catalog.PartsOfParagraph(passage.Passage))
            {
                if (seen.Add(sibling.Passage.Id))
                    candidates.Add((sibling, hit with { PassageId = sibling.Passage.Id, Similarity = index.Similarity(sibling.Passage.Id, vector) }));
            }
        }
        var previouslyCited = new HashSet<string>(StringComparer.Ordinal);
        var quotedBefore = new HashSet<string>(StringComparer.Ordinal);
        foreach (var turn in history)
            quotedBefore.UnionWith(turn.QuotedSentences);
        var thread = new List<float[]>();
        if (question.IsFollowUp && history.Count > 0)
        {
            previouslyCited.UnionWith(history[^1].CitedPassageIds);
            foreach (var id in previouslyCited)
            {
                if (catalog.Find(id) is not { } facts)
                    continue;
                foreach (var part in catalog.PartsOfParagraph(facts.Passage).Prepend(facts))
                {
                    if (seen.Add(part.Passage.Id))
                        candidates.Add((part, new SearchHit(part.Passage.Id, 0, 0, index.Similarity(part.Passage.Id, vector))));
                }
            }
            thread.AddRange(SentenceVectors(history[^1].QuotedSentences));
        }
        var bestBm25 = Math.Max(1e-9, hits.Count > 0 ? hits.Max(h => h.Bm25) : 0);

        var asked = question.Asked.ToList();
        var context = question.Terms.Where(t => t.Source == TermSource.Context).ToList();
        var unit = question.UnitWord is null ? null : TextAnalysis.StemOf(question.UnitWord);
        // "What happened to the Japanese who lived there?" is answered by what was done to them ("17,000 Japanese had
        // been expelled"), not by the sentence that repeats "Japanese who lived on the islands" about a later visit:
        // the words that only describe them weigh a quarter, and a past passive holds the kind asked for. Each half
        // alone moved fewer turns (held out +8 and +1, tuning +2 and +1) than both (+10, +3).
        var describing = AnswerTypes.DescribingWords(question);
        var asksWhatWasDone = AnswerTypes.AsksWhatWasDone(question);
        var askedWeights = asked.Select(t => catalog.Weight(t.Stem) * (t.Stem == unit ? 2 : 1) * (describing.Contains(t.Stem) ? 0.25 : 1)).ToArray();
        var contextWeights = context.Select(t => catalog.Weight(t.Stem)).ToArray();
        var total = askedWeights.Sum();
        var unknownShare = total > 0 ? asked.Select((t, i) => catalog.KnowsAForm(t.Stem) || t.PhrasalVerb is not null ? 0 : askedWeights[i]).Sum() / total : 0;
        // Names most passages hold ("Japan", in this corpus) say what every passage is about, not which one answers.
        var names = asked.Where(t => t.IsRequired && !char.IsDigit(t.Stem[0]) && !catalog.IsCommon(t.Stem)).ToList();
        var numbers = asked.Where(t => t.IsRequired && char.IsDigit(t.Stem[0])).ToList();
        // Words the corpus uses in a passage or two: a sentence that holds them is where the question points.
        var rare = asked.Where(t => catalog.DocumentFrequency(t.Stem) is > 0 and <= RarePassages).ToList();


        // How near the searched passages' sentences are to the question on the whole: an answer stands out
        // from them, where a question the sources do not answer finds everything about as near.
        var vectorsOf = candidates.ToDictionary(c => c.Passage.Passage.Id, c => index.SentenceVectors(c.Passage.Passage.Id), StringComparer.Ordinal);
        var (baseline, ownBaseline) = MeanSimilarities(vectorsOf.Values, vector, ownVector);

        // Which of the question's words each stem stands for, as itself, as an English synonym or as a kind of it
        // ("bombers" for "what aircraft"), read once per question rather than once per sentence and word. Kinds
        // (WordNet's hyponyms, kinds.txt) took the held-out sets from 1,280 to 1,284 passing of 1,939 and their
        // false declines from 98 to 91; tuning 478 to 477. In a yes-or-no verdict they were tried and dropped: a
        // kind of a thing does not state a claim about the thing, and tuning gave 3 wrong verdicts against none.
        var standsFor = new Dictionary<string, ulong>(64, StringComparer.Ordinal);
        for (var i = 0; i < asked.Count && i < 64; i++)
        {
            var phrasal = asked[i].PhrasalVerb is { } verb ? catalog.SynonymsOf(verb) : [];
            foreach (var stem in catalog.SynonymsOf(asked[i].Stem).Concat(catalog.KindsOf(asked[i].Stem)).Concat(catalog.DerivationsOf(asked[i].Stem)).Concat(phrasal).Append(asked[i].Stem))
                standsFor[stem] = standsFor.GetValueOrDefault(stem) | (1UL << i);
        }

        var ranked = new List<RankedSentence>(candidates.Sum(c => c.Passage.Sentences.Count));
        foreach (var (passage, hit) in candidates)
        {
            var coverageAround = Coverage(asked, askedWeights, passage, static (t, p) => p.HeadingStems.Contains(t.Stem) || AnySentenceHolds(p, t.Stem));
            // A year the question gives points to the passages about it; it weighs in the score rather than
            // filtering, since it may be said in passing ("wasn't that over in 1945?") or be wrong ("in 2023?").
            var numbersInPassage = Share(numbers, passage, static (n, p) => p.HeadingStems.Contains(n.Stem) || AnySentenceHolds(p, n.Stem) || AnySentenceGives(p, n));
            var namesInPassage = Share(names, passage, static (n, p) => NamedIn(p.HeadingStems, n.Stem) || AnySentenceNames(p, n.Stem));
            var sentenceVectors = vectorsOf[passage.Passage.Id];
            for (var s = 0; s < passage.Sentences.Count && s < sentenceVectors.Count; s++)
            {
                var sentence = passage.Sentences[s];
                var kind = answerTypes.Holds(question, sentence, unit);
                // A sentence with no number in it cannot say how many or how much.
                if (kind < 0 && question.Kind == QuestionKind.Quantity)
                    continue;
                var similarity = (double)TensorPrimitives.Dot(vector, sentenceVectors.Alone[s]);
                var ownSimilarity = ReferenceEquals(vector, ownVector) ? similarity : TensorPrimitives.Dot(ownVector, sentenceVectors.Alone[s]);
                var measures = new SentenceMeasures
                {
                    Similarity = similarity,
                    OwnSimilarity = ownSimilarity,
                    InContextSimilarity = TensorPrimitives.Dot(vector, sentenceVectors.InContext[s]),
                    PassageSimilarity = hit.Similarity,
                    WordRank = hit.Bm25 / bestBm25,
                    OwnCoverage = Coverage(asked, askedWeights, sentence, static (t, o) => o.Stems.Contains(t.Stem) || o.Numbers.Contains(t.Stem)),
                    SynonymCoverage = SynonymCoverage(asked, askedWeights, standsFor, sentence),
                    CoverageAround = coverageAround,
                    ContextCoverage = Coverage(context, contextWeights, sentence, static (t, o) => o.Stems.Contains(t.Stem)),
                    // A reason is weighed apart from a date or a number: a why question is answered by its cause.
                    HoldsKind = kind > 0 && (question.Kind is QuestionKind.When or QuestionKind.Quantity || asksWhatWasDone) ? 1 : 0,
                    // A name, a role, a place or a quotation the question does not already give.
                    GivesWhatIsNamed = kind > 0 && (question.Kind is QuestionKind.Who or QuestionKind.Where || question.Kind == QuestionKind.What && !asksWhatWasDone) ? 1 : 0,
                    GivesReason = kind > 0 && question.Kind == QuestionKind.Why ? 1 : 0,
                    LacksKind = kind < 0 ? 1 : 0,
                    IsQuestion = sentence.IsQuestion ? 1 : 0,
                    IsShort = sentence.WordCount < 6 ? 1 : 0,
                    // Only a follow-up asks past what was quoted; a question that stands alone may be answered the same way again.
                    QuotedBefore = question.IsFollowUp && quotedBefore.Contains(sentence.Key) ? 1 : 0,
                    CitedBefore = previouslyCited.Contains(passage.Passage.Id) ? 1 : 0,
                    ThreadSimilarity = thread.Count > 0 ? Nearest(thread, sentenceVectors.Alone[s]) : 0,
                    Lift = similarity - baseline,
                    OwnLift = ownSimilarity - ownBaseline,
                    UnknownShare = unknownShare,
                    // Shares of what the question names; 0 where it names nothing.
                    NamesInSentence = Share(names, sentence, static (n, o) => NamedIn(o, n.Stem)),
                    NamesInPassage = namesInPassage,
                    RareWordsHeld = Share(rare, sentence, static (t, o) => o.Stems.Contains(t.Stem)),
                    NumbersInPassage = numbersInPassage,
                    NumbersInSentence = Share(numbers, sentence, static (n, o) => o.Stems.Contains(n.Stem) || Gives(o, n)),
                };
                ranked.Add(new RankedSentence(sentence, scorer.Score(measures), measures, kind > 0) { Meaning = sentenceVectors.Alone[s] });
            }
        }
        ranked.Sort((a, b) => b.Score.CompareTo(a.Score));
        return ranked;
    }

    /// <summary>Share of the question's words (by rarity) the sentence holds as written, as a number, as an English synonym or as a kind of it.</summary>
    static double SynonymCoverage(List<QueryTerm> asked, double[] weights, Dictionary<string, ulong> standsFor, SentenceFacts sentence)
    {
        var held = 0UL;
        foreach (var stem in sentence.Stems)
        {
            if (standsFor.TryGetValue(stem, out var terms))
                held |= terms;
        }
        double covered = 0, total = 0;
        for (var i = 0; i < asked.Count; i++)
        {
            total += weights[i];
            if ((i < 64 && (held & (1UL << i)) != 0) || sentence.Numbers.Contains(asked[i].Stem))
                covered += weights[i];
        }
        return total > 0 ? covered / total : 0;
    }

    // The measures below take what they weigh as an argument rather than capturing it, so that weighing a
    // sentence allocates no closure: a turn weighs about a hundred sentences.
    static double Coverage<T>(List<QueryTerm> terms, double[] weights, T weighed, Func<QueryTerm, T, bool> holds)
    {
        double covered = 0, total = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            total += weights[i];
            if (holds(terms[i], weighed))
                covered += weights[i];
        }
        return total > 0 ? covered / total : 0;
    }

    /// <summary>The share of the terms the sentence or passage holds; 0 where there are none.</summary>
    static double Share<T>(List<QueryTerm> terms, T weighed, Func<QueryTerm, T, bool> holds)
    {
        if (terms.Count == 0)
            return 0;
        var held = 0;
        foreach (var term in terms)
        {
            if (holds(term, weighed))
                held++;
        }
        return (double)held / terms.Count;
    }

    static bool AnySentenceHolds(PassageFacts passage, string stem)
    {
        foreach (var sentence in passage.Sentences)
        {
            if (sentence.Stems.Contains(stem))
                return true;
        }
        return false;
    }

    static bool AnySentenceGives(PassageFacts passage, QueryTerm number)
    {
        foreach (var sentence in passage.Sentences)
        {
            if (Gives(sentence, number))
                return true;
        }
        return false;
    }

    /// <summary>
    /// The sentence gives the number, or a year of the decade or century the question gives ("the 1800s" is held by
    /// "an 1856 treaty").
    /// </summary>
    static bool Gives(SentenceFacts sentence, QueryTerm number)
    {
        if (sentence.Numbers.Contains(number.Stem))
            return true;
        var word = number.Word;
        if (word.Length != 5 || word[4] != 's' || word[3] != '0' || !word[..3].All(char.IsDigit))
            return false;
        var span = word[2] == '0' ? word[..2] : word[..3];
        foreach (var year in sentence.Years)
        {
            if (year.Length == 4 && year.StartsWith(span, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    static bool AnySentenceNames(PassageFacts passage, string name)
    {
        foreach (var sentence in passage.Sentences)
        {
            if (NamedIn(sentence, name))
                return true;
        }
        return false;
    }

    static bool NamedIn(SentenceFacts sentence, string name) => NamedIn(sentence.Stems, name);

    static bool NamedIn(StemSet stems, string name)
    {
        foreach (var stem in stems)
        {
            if (NameForms.Same(stem, name))
                return true;
        }
        return false;
    }

    static float Nearest(List<float[]> vectors, float[] vector)
    {
        var nearest = float.MinValue;
        foreach (var other in vectors)
            nearest = Math.Max(nearest, TensorPrimitives.Dot(other, vector));
        return nearest;
    }

    /// <summary>The vectors of sentences quoted earlier, by their catalog keys ("passage/index").</summary>
    IEnumerable<float[]> SentenceVectors(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (catalog.FindSentence(key) is not { } sentence)
                continue;
            var passageVectors = index.SentenceVectors(sentence.Passage.Id);
            if (sentence.Index < passageVectors.Count)
                yield return passageVectors.Alone[sentence.Index];
        }
    }

}
