using System.Text.RegularExpressions;
using Bot.Conversations;
using Bot.Index;

namespace Bot.Answers;

/// <summary>
/// Reads a question: what kind of answer it wants (a date, a number, yes or no...), which words carry it,
/// which names and numbers an answer must hold, and whether it leans on the conversation ("Who won?", "And
/// in 2012?", "Why?"), in which case it is read with the questions it follows. The rules are English
/// grammar (question words, auxiliaries, pronouns); what the corpus is about comes from the corpus.
/// </summary>
public sealed partial class QuestionReader(SentenceCatalog catalog)
{
    const int ThreadLength = 3;

    /// <summary>Longer than any English word ("antidisestablishmentarianism" has 28 letters).</summary>
    const int LongestWord = 45;

    static readonly string[] Fillers =
    [
        "and", "so", "but", "ok", "okay", "well", "then", "please", "hey", "hi", "hello", "also", "now", "um", "hmm",
        "tell me", "can you tell me", "could you tell me", "do you know", "i want to know", "i would like to know",
        "i wonder", "explain", "i see", "what about", "how about",
    ];

    static readonly HashSet<string> Auxiliaries = new(StringComparer.Ordinal)
    {
        "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will", "would",
        "should", "shall", "may", "might", "must", "isn", "aren", "wasn", "weren", "don", "doesn", "didn", "hasn",
        "haven", "hadn", "won", "wouldn", "couldn", "shouldn",
    };

    /// <summary>Words that carry no subject: question words, pronouns, auxiliaries, determiners, prepositions, and the small talk around a question.</summary>
    static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "into", "onto", "over", "under", "about", "as", "than", "that", "this", "these", "those", "there",
        "here", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "done", "have",
        "has", "had", "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "it",
        "its", "he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "we", "us", "our", "you",
        "your", "i", "me", "my", "mine", "who", "whom", "whose", "what", "which", "when", "where", "why", "how",
        "whether", "s", "t", "d", "ll", "re", "ve", "m", "not", "no", "yes", "any", "some", "all", "each", "every",
        "also", "just", "very", "really", "ever", "even", "please", "tell", "explain", "describe", "know",
        "let", "say", "get", "got", "give", "ok", "okay", "thanks", "thank", "hi", "hello", "hey", "up", "out", "off",
        "such", "same", "other", "another", "only", "too", "now", "again", "once", "way", "thing", "things",
        "something", "anything", "much", "many", "more", "most", "one", "ones", "lot", "kind", "sort", "type",
        "happen", "happened", "happens", "like", "mean", "means", "meant", "exactly", "actually", "anyway", "else",
        "well", "isn", "aren", "wasn", "weren", "don", "doesn", "didn", "hasn", "haven", "hadn", "won", "wouldn",
        "couldn", "shouldn", "um", "hmm", "info", "information", "details", "detail", "stuff", "today",
        "currently", "now", "ago", "time", "anybody", "anyone", "somebody", "someone", "still", "yet", "already",
    };

    static readonly HashSet<string> ReferringWords = new(StringComparer.Ordinal)
    {
        "it", "its", "he", "him", "his", "she", "her", "they", "them", "their", "that", "this", "those", "these",
        "ones", "there", "then",
    };

    // Six letters or more: shorter ones sit one letter from real words ("whose", "whole").
    static readonly string[] LongFunctionWords = [.. FunctionWords.Where(w => w.Length >= 6)];

    static readonly HashSet<string> StatementSubjects = new(StringComparer.Ordinal) { "they", "he", "she", "it", "you", "we", "that", "this", "there" };

    static readonly HashSet<string> PersonalPronouns = new(StringComparer.Ordinal) { "he", "him", "his", "she", "her", "they", "them", "their" };

    /// <summary>People someone has of their own: "her grandson", "his teacher", "their kids".</summary>
    static readonly HashSet<string> Kin = new(StringComparer.Ordinal)
    {
        "grandson", "granddaughter", "grandchild", "grandchildren", "grandkids", "grandfather", "grandmother", "grandpa", "grandma",
        "grandparents", "son", "daughter", "father", "mother", "dad", "mum", "mom", "parents", "husband", "wife", "partner",
        "brother", "sister", "uncle", "aunt", "cousin", "nephew", "niece", "friend", "friends", "teacher", "professor", "boss",
        "kid", "kids", "children", "neighbour", "neighbor", "colleague", "classmate", "classmates", "students", "class",
    };

    static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal) { "who", "whom", "whose", "what", "which", "when", "where", "why", "how" };
    static readonly HashSet<string> TimeModifiers = new(StringComparer.Ordinal) { "exact", "precise", "specific", "actual", "approximate", "rough", "same", "first", "last", "final" };
    static readonly HashSet<string> TimeNouns = new(StringComparer.Ordinal) { "year", "date", "day", "month", "century", "decade", "time", "era", "period" };
    static readonly HashSet<string> PlaceNouns = new(StringComparer.Ordinal) { "place", "city", "location", "region", "town", "area", "country" };
    static readonly HashSet<string> QuantityNouns = new(StringComparer.Ordinal) { "percentage", "percent", "share", "proportion", "number", "amount", "quantity", "size", "length", "distance", "population", "cost", "price", "worth", "total", "count" };
    /// <summary>Words that ask what something is called; with "named" and "known", the words that frame such a question.</summary>
    static readonly HashSet<string> AskingForAName = new(StringComparer.Ordinal) { "call", "calls", "called", "name", "names" };
    static readonly HashSet<string> NamingWords = new(AskingForAName, StringComparer.Ordinal) { "named", "known" };
    static readonly HashSet<string> HowQuantities = new(StringComparer.Ordinal) { "many", "much", "long", "far", "big", "large", "old", "often", "close", "high", "deep", "wide" };

    /// <summary>Reads a question in the light of the conversation's recent turns (oldest first) and, for a first question that names nothing, the corpus's subject.</summary>
    public Question Read(string text, IReadOnlyList<TurnRecord> history, string corpusSubject, bool withThread = false)
    {
        var normalized = Decades().Replace(WrittenOut(WithoutSpeaker(text)), m => $"{Century(m.Groups[1].Value)}{m.Groups[1].Value}s");
        normalized = ShortYears().Replace(normalized, m => YearOf(m.Groups["year"].Value));
        var corrected = Respell(normalized);
        // "17,000" is one number, as the sources' numbers are read, not "17" and "000".
        var ungrouped = DigitGroups().Replace(corrected, "");
        var words = Words.Of(ungrouped).ToList();
        var start = SkipFillers(words);
        var asking = AfterLeadingPhrase(ungrouped, words, start);
        var kind = KindOf(words, asking, out var unitWord);
        var first = words.ElementAtOrDefault(asking) ?? "";
        // "They get anywhere on the islands?": a statement asked as a question is a yes-or-no question.
        if (kind == QuestionKind.What && StatementSubjects.Contains(first) && text.TrimEnd().EndsWith('?'))
            kind = QuestionKind.YesNo;
        // "…patched things up in 1965. Year ok?", "script has the war ending in 1906, flag anything?": a claim put to
        // the sources to check is a yes-or-no question on it, whatever words carry it. A question word with the tag
        // ("who's right?") asks its own question, unless a sentence ends before the tag.
        var checksClaim = ClaimToCheck().Match(normalized) is { Success: true } tag
            && (!QuestionWords.Contains(first) || tag.Groups["after"].Success);
        if (checksClaim)
            kind = QuestionKind.YesNo;
        // "Since when?" and "any news?" ask for a kind of answer of their own; "and in 2012?" asks what the thread asked.
        var asksItsOwnKind = QuestionWords.Contains(first) || Auxiliaries.Contains(first) || kind != QuestionKind.What;
        var capitalised = CapitalisedIn(corrected);

        var asked = new List<QueryTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = 0;
        var unknownName = false;
        var unknownNumber = false;
        HashSet<string>? aboutTheAsker = null;
        for (var i = start; i < words.Count; i++)
        {
            var word = words[i];
            // A "word" longer than any English one ("aaaa…" held down) has no stem (the analyzer drops tokens that
            // long), but it is no function word either: it is something the sources never say.
            if (word.Length > LongestWord)
            {
                if (seen.Add(word))
                {
                    asked.Add(new QueryTerm(word, word, TermSource.Asked));
                    unknown++;
                }
                continue;
            }
            if (FunctionWords.Contains(word) || IsQuestionScaffold(words, i, asking) || TextAnalysis.StemOf(word) is not { } stem || !seen.Add(stem))
                continue;
            var isNumber = char.IsDigit(word[0]);
            // A year or a large number pins the answer down; "4 islands" may be written "four islands".
            var required = (isNumber && word.Length >= 3) || catalog.IsName(stem) || (i > start && capitalised.Contains(word));
            var phrasal = PhrasalVerbAt(words, i, stem);
            asked.Add(new QueryTerm(word, stem, TermSource.Asked, required, phrasal));
            if (!catalog.KnowsAForm(stem) && phrasal is null && !KnowsDecade(word))
            {
                unknown++;
                if (isNumber)
                    unknownNumber |= required;
                else
                    unknownName |= required && !GoesByAnotherName(stem) && !(aboutTheAsker ??= AboutTheAsker(corrected)).Contains(word);
            }
        }

        // "The draft has the joint declaration in 1965": a statement giving a number the sources never give is a claim
        // to check as well (read as a question about that year, it would be declined as outside the sources).
        if (unknownNumber && kind == QuestionKind.What && !QuestionWords.Contains(first) && !Auxiliaries.Contains(first))
            kind = QuestionKind.YesNo;
        var subject = Words.Of(corpusSubject).Select(TextAnalysis.StemOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var beyondSubject = asked.Where(t => !subject.Contains(t.Stem)).ToList();
        var refersBack = words.Skip(start).Any(ReferringWords.Contains) || Continuation().IsMatch(normalized);
        // "Who won?" names nothing: a lone plain word leans on the conversation as much as a pronoun does. Nor
        // does naming the corpus's own subject: after a question about Medvedev's visit, "How did Japan react?"
        // asks about that visit, since every source is about Japan.
        var isFollowUp = (withThread && history.Count > 0)
            || asked.Count == 0
            || (asked.Count == 1 && !asked[0].IsRequired)
            || (refersBack && asked.Count <= 3)
            || (history.Count > 0 && beyondSubject.Count <= 1 && !beyondSubject.Any(t => t.IsRequired))
            // "Where was the line drawn?" after a question about the border: none of its words is the sources',
            // so it can only be about the thread, if about anything they hold, where it points at something
            // already spoken of ("the line"); "tell me a joke about cats" brings its own subject.
            || (history.Count > 0 && asked.Count > 0 && unknown == asked.Count && !unknownName
                && (refersBack || words.Skip(start).Contains("the")));

        var thread = history.Count > 0 ? history[^1].Thread ?? [history[^1].Question] : [];
        var terms = new List<QueryTerm>(asked);
        var searchText = corrected.Trim();
        var followsThread = isFollowUp && thread.Count > 0;
        if (isFollowUp)
        {
            // The thread's questions, and what its last answer named: "which islands are we talking about?" means
            // the islands that answer was about.
            // Respelt as the questions were when asked: "Kurily" in an earlier question was read as the Kurils then,
            // and is no name the sources never give now.
            var context = followsThread
                ? Respell(WrittenOut(string.Join(' ', thread.TakeLast(ThreadLength - 1).Concat(history[^1].Focus ?? []))))
                : corpusSubject;
            var contextCapitalised = CapitalisedIn(context);
            foreach (var word in Words.Of(context))
            {
                if (FunctionWords.Contains(word) || QuestionWords.Contains(word) || TextAnalysis.StemOf(word) is not { } stem || !seen.Add(stem))
                    continue;
                terms.Add(new QueryTerm(word, stem, TermSource.Context));
                // A thread about something the sources never name ("the 2022 Super Bowl") stays outside them; one
                // that checked a number they never give ("Did Abe go in 2018?") was answered with theirs, and a
                // question about a year they never name is declined and leaves no thread.
                unknownName |= !catalog.Knows(stem) && contextCapitalised.Contains(word) && !GoesByAnotherName(stem);
            }
            if (context.Length > 0)
                searchText = $"{context} {searchText}";
            // "And in 2012?" asks what the thread asked, of another year; "Why?" asks something new of it.
            if (followsThread && !asksItsOwnKind && Enum.TryParse<QuestionKind>(history[^1].Kind, out var earlier))
                kind = earlier;
        }

        // "Was the sea border 300 km long?", "Did Abe go in 2018?", "Was the war ended by the Treaty of Versailles?":
        // a yes or no on a number or a name the sources never give checks a claim they can correct with their own;
        // asked what happened in a year or to a name they never give, they have nothing to say.
        var namesWhatSourcesNever = (unknownName || unknownNumber) && kind != QuestionKind.YesNo;
        return new Question(text, kind, searchText, terms, followsThread, unitWord)
        {
            Thread = followsThread ? [.. thread.TakeLast(ThreadLength - 1), corrected.Trim()] : [corrected.Trim()],
            Corrected = corrected.Trim(),
            LeansOnContext = isFollowUp,
            AsksForMore = MoreThanTold().IsMatch(normalized),
            NamesNobody = PronounWithoutAntecedent(words, start) && !beyondSubject.Any(t => t.IsRequired),
            // A name or number the sources never give, or not one word they use: whatever is near in meaning is
            // about something else. A follow-up in other words than the sources' ("by when were they all gone?")
            // is still about its thread, and the score decides.
            IsOutsideCorpus = namesWhatSourcesNever || (asked.Count > 0 && unknown == asked.Count && !followsThread),
            NamesWhatSourcesNever = namesWhatSourcesNever,
            // A claim put to be checked ("…in 1965, year ok?") doubts its own number: the nearest the sources come to
            // the rest of it is what the person asked for, where "did they sign anything in 2018?" asks about the year.
            ChecksWhatSourcesNeverGive = (unknownNumber || unknownName) && kind == QuestionKind.YesNo && !checksClaim,
            IsNegated = kind == QuestionKind.YesNo && IsNegatedInside(words, start),
            SearchedAlso = string.Join(' ', new[]
            {
                kind == QuestionKind.What && words.Skip(start).Any(AskingForAName.Contains) ? "known named" : "",
                // A capital the sources never name is searched as its country.
                string.Join(' ', asked.Where(t => !catalog.Knows(t.Stem)).SelectMany(t => CountryOfCapital(t.Stem)).Where(catalog.Knows).Distinct()),
            }.Where(w => w.Length > 0)),
            Subject = kind == QuestionKind.YesNo ? asked.FirstOrDefault(t => t.IsRequired)?.Stem ?? asked.FirstOrDefault()?.Stem : null,
        };
    }

    /// <summary>
    /// A yes-or-no question that denies inside its claim ("Is there no treaty?", "Did Japan never sign?"), which
    /// a plain yes or no would answer ambiguously. "Didn't they fight in 1904?" (the auxiliary's own "not")
    /// asks whether they fought.
    /// </summary>
    static bool IsNegatedInside(List<string> words, int start)
    {
        for (var i = start; i < words.Count; i++)
        {
            if (words[i] is "no" or "never" or "not" or "none" or "nobody" or "nothing" && !(i == start + 1 && words[i] == "not" && Auxiliaries.Contains(words[start])))
                return true;
        }
        return false;
    }

    /// <summary>
    /// A "he" or "their" with nothing before it in the question to stand for: "what did he say?" leans on the
    /// conversation, where "how long did the islanders get to pack their things?" names whose things they are.
    /// </summary>
    static bool PronounWithoutAntecedent(List<string> words, int start)
    {
        for (var i = start; i < words.Count; i++)
        {
            // "her grandson says they are still at war": a relative or friend of whoever asks, not someone spoken of before.
            if (words[i] is "her" or "his" or "their" && i + 1 < words.Count && Kin.Contains(words[i + 1]))
            {
                i++;
                continue;
            }
            if (PersonalPronouns.Contains(words[i]))
                return true;
            if (!FunctionWords.Contains(words[i]) && !IsQuestionScaffold(words, i, start) && TextAnalysis.StemOf(words[i]) is not null)
                return false;
        }
        return false;
    }

    /// <summary>
    /// "in 56", "back in '73", "since 09": a year written with two digits, in the century the sources speak of it;
    /// where they speak of it in neither, 00 to 29 are this century's and 30 to 99 the last's.
    /// </summary>
    string YearOf(string twoDigits) =>
        catalog.Knows($"19{twoDigits}") ? $"19{twoDigits}"
        : catalog.Knows($"20{twoDigits}") || string.CompareOrdinal(twoDigits, "30") < 0 ? $"20{twoDigits}"
        : $"19{twoDigits}";

    /// <summary>The century of a short decade ("the 90s"): the 1900s, unless only the 2000s have that decade in the corpus.</summary>
    string Century(string decade) => catalog.Knows($"19{decade}") || !catalog.Knows($"20{decade}") ? "19" : "20";

    /// <summary>The question with each word the corpus never uses replaced by the corpus's word nearest to it, where one is near.</summary>
    string Respell(string text) => Word().Replace(text, match =>
    {
        var word = match.Value;
        if (word.Length < 4 || char.IsUpper(word[0]) && char.IsUpper(word[^1]) || TextAnalysis.StemOf(word) is not { } stem || catalog.Knows(stem))
            return word;
        // An English word the sources happen not to use ("electricity", "least", "whose") is what the person meant.
        var lower = word.ToLowerInvariant();
        if (FunctionWords.Contains(lower) || EnglishWords.Contains(lower))
            return word;
        // "actualy", "exacly": a misspelt word that carries no subject stays one, rather than a word asked about.
        if (lower.Length >= 6 && LongFunctionWords.FirstOrDefault(f => SentenceCatalog.EditDistance(lower, f, 1) <= 1) is { } function)
            return function;
        // Nor is a word of another English form than the list's ("numbers" stemmed): only a misspelling is respelt.
        if (catalog.IsEnglish(stem))
            return word;
        return catalog.NearestWord(stem) ?? word;
    });

    /// <summary>Words written with a capital inside the question (names of people, places, treaties), lowercased.</summary>
    HashSet<string> CapitalisedIn(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in CapitalisedWord().Matches(text))
        {
            // "I", and abbreviations written in capitals ("PM", "WW2"), are not names.
            var word = match.Value;
            if (word == "I" || word.Any(char.IsDigit) || (word.Length > 1 && word.All(char.IsUpper)))
                continue;
            // "...the Russo-Japanese War. Remind me, ...": an English word opening a sentence is capitalised for that.
            var lower = word.ToLowerInvariant();
            if (SentenceEnd().IsMatch(text.AsSpan(0, match.Index)) && TextAnalysis.StemOf(lower) is { } stem && catalog.IsEnglish(stem) && !catalog.IsName(stem))
                continue;
            names.Add(lower);
        }
        return names;
    }

    /// <summary>
    /// "America" is a name the sources give as "US" (WordNet's synonyms), and "American" is America's ("Korean" is
    /// Korea's, as English makes a people's word from its land's): another name for what they name is no stranger.
    /// </summary>
    bool GoesByAnotherName(string stem) =>
        catalog.SynonymsOf(stem).Any(catalog.Knows) || catalog.NamesAnotherFormOf(stem) || CountryOfCapital(stem).Any(catalog.Knows)
        || stem.Length > 5 && stem[^2..] is "an" && catalog.SynonymsOf(stem[..^1]).Any(catalog.Knows);

    /// <summary>The country a capital stands for ("did Beijing confirm it?" asks whether China did), if the stem is a capital.</summary>
    internal static string[] CountryOfCapital(string stem) => Bot.Answers.Model.Tables.Capitals.Value.GetValueOrDefault(stem) ?? [];

    /// <summary>
    /// A decade ("1970s") is known where the sources give a year of it ("In 1973, Brezhnev ..."), and a century
    /// ("the 1800s") where they give a year of that ("the 1856 treaty").
    /// </summary>
    bool KnowsDecade(string word) =>
        word.Length == 5 && word[4] == 's' && word[..3].All(char.IsDigit) && word[3] == '0'
        && (word[2] == '0'
            ? Enumerable.Range(0, 100).Any(y => catalog.Knows($"{word[..2]}{y:00}"))
            : Enumerable.Range(0, 10).Any(d => catalog.Knows($"{word[..3]}{d}")));

    internal static QuestionKind KindOf(List<string> words, int start, out string? unitWord)
    {
        unitWord = null;
        if (start >= words.Count)
            return QuestionKind.What;
        var first = words[start];
        var second = start + 1 < words.Count ? words[start + 1] : "";
        var third = start + 2 < words.Count ? words[start + 2] : "";
        switch (first)
        {
            case "who" or "whom" or "whose":
                return QuestionKind.Who;
            case "when":
                return QuestionKind.When;
            case "since" when second == "when":
                return QuestionKind.When;
            case "where":
                return QuestionKind.Where;
            case "why":
                return QuestionKind.Why;
            case "how" when second == "come":
                return QuestionKind.Why;
            case "how" when HowQuantities.Contains(second):
                unitWord = second switch
                {
                    "many" or "much" => third.Length > 0 && !FunctionWords.Contains(third) ? third : null,
                    "long" or "far" or "close" or "wide" or "deep" => "length",
                    "big" or "large" => "size",
                    _ => null,
                };
                return second == "long" && third == "ago" ? QuestionKind.When : QuestionKind.Quantity;
            case "how":
                return QuestionKind.How;
            case "what" or "which":
                // "What year", and "what exact date", "which precise day": a word that narrows the time asked for.
                if (TimeNouns.Contains(second) || (TimeNouns.Contains(third) && TimeModifiers.Contains(second)))
                    return QuestionKind.When;
                if (PlaceNouns.Contains(second))
                    return QuestionKind.Where;
                if (QuantityNouns.Contains(second) || (second is "is" or "was" && QuantityNouns.Contains(third)))
                    return QuestionKind.Quantity;
                if (second is "caused" or "cause" or "causes" or "reason" or "reasons" || (second is "is" or "was" or "were" && third is "reason" or "cause" or "reasons" or "causes"))
                    return QuestionKind.Why;
                // "What was the main motive of the visit?", "what did he hope to achieve by going?": a purpose is a reason.
                if (AsksForAPurpose(words, start))
                    return QuestionKind.Why;
                return words.Skip(start + 1).Take(5).Any(QuantityNouns.Contains) ? QuestionKind.Quantity : QuestionKind.What;
            // "Any progress on the islands?", "Anybody hurt?": a yes-or-no question with its verb left out.
            case "any" or "anybody" or "anyone":
                return QuestionKind.YesNo;
            case "in" or "for" when second is "what" or "which" && third is "year" or "reason":
                return third == "year" ? QuestionKind.When : QuestionKind.Why;
        }
        return Auxiliaries.Contains(first) ? QuestionKind.YesNo : QuestionKind.What;
    }

    static readonly HashSet<string> PurposeNouns = new(StringComparer.Ordinal) { "purpose", "aim", "aims", "goal", "goals", "motive", "motives", "motivation", "intention", "intentions", "objective", "point" };
    static readonly HashSet<string> Striving = new(StringComparer.Ordinal) { "hope", "hoped", "hoping", "want", "wanted", "wanting", "try", "tried", "trying", "aim", "aimed", "aiming", "seek", "sought", "seeking", "mean", "meant" };
    static readonly HashSet<string> Achieving = new(StringComparer.Ordinal) { "achieve", "accomplish", "gain", "win" };

    /// <summary>
    /// "What was the point of that?", "what did each side hope to gain?": a purpose noun after a word or two ("what
    /// point did he make" asks for something else), or a striving verb with "to achieve".
    /// </summary>
    static bool AsksForAPurpose(List<string> words, int start)
    {
        for (var i = start + 2; i < Math.Min(words.Count, start + 5); i++)
            if (PurposeNouns.Contains(words[i]))
                return true;
        for (var i = start + 1; i + 2 < words.Count; i++)
            if (Striving.Contains(words[i]) && words[i + 1] == "to" && Achieving.Contains(words[i + 2]))
                return true;
        return false;
    }

    /// <summary>The particles of the phrasal verbs that are read ("kicked out", "gave them back"): those seldom a preposition before what follows.</summary>
    public static IReadOnlyList<string> PhrasalParticles { get; } = ["out", "up", "off", "down", "back", "away"];

    static readonly HashSet<string> ObjectPronouns = new(StringComparer.Ordinal) { "it", "them", "him", "her", "that", "this", "those", "these", "everyone", "everybody", "everything" };

    /// <summary>
    /// "kicked out", "gave them back", "turned it down": the verb with its particle, as the synonym table keys it,
    /// where the table has words of the corpus for the two together; null otherwise.
    /// </summary>
    string? PhrasalVerbAt(List<string> words, int i, string stem)
    {
        var at = i + 1 < words.Count && ObjectPronouns.Contains(words[i + 1]) ? i + 2 : i + 1;
        if (at >= words.Count || !PhrasalParticles.Contains(words[at]))
            return null;
        var key = $"{stem}_{words[at]}";
        return catalog.SynonymsOf(key).Count > 0 ? key : null;
    }

    /// <summary>Words that only frame the question ("what year", "how many", "what caused") and say nothing about its subject.</summary>
    static bool IsQuestionScaffold(List<string> words, int i, int start)
    {
        var word = words[i];
        if (i == start + 1 && words[start] is "what" or "which" && (TimeNouns.Contains(word) || PlaceNouns.Contains(word)))
            return true;
        if (i == start + 1 && words[start] == "how" && HowQuantities.Contains(word))
            return true;
        // "What do the Russians call the islands?", "what name does each side use": the naming verb frames the
        // question, as "what year" does; the answer says "known as" or "called" or gives the name.
        if (words[start] is "what" or "which" && NamingWords.Contains(word))
            return true;
        // "spokesman's name?", "do we know the guy's name": asked for by itself, a name is what the answer gives.
        if (word == "name")
            return true;
        return i <= start + 2 && word is "reason" or "cause" or "caused" && words[start] is "what" or "which";
    }

    /// <summary>
    /// The words of the sentences, before the last, in which the person speaks of themselves ("Hello! I am student
    /// from Novosibirsk, in our seminar we argue if … Is it true?"): a place or a name there says who asks, not what
    /// is asked, so it does not put the question outside the sources. Tuning and read sets 1,000 to 1,002 passing of
    /// 1,355, held out (60 sets) 5 more of 2,708, false declines 6 fewer, no unanswerable turn declined less.
    /// </summary>
    static HashSet<string> AboutTheAsker(string text)
    {
        var sentences = SentenceBreak().Split(text.Trim());
        var words = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sentences.Length - 1; i++)
        {
            var said = Words.Of(sentences[i]).ToList();
            if (said.Any(FirstPerson.Contains))
                words.UnionWith(said);
        }
        return words;
    }

    static readonly HashSet<string> FirstPerson = new(StringComparer.Ordinal) { "i", "im", "i'm", "me", "my", "we", "our", "us" };

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceBreak();

    /// <summary>
    /// The message without a label that says who asks: "Denise, Boise: how long has Russia held the islands?", "line
    /// 2, Marge from Toledo: her grandson says…", as a relayed question or a transcript opens. Read as part of the
    /// question, its names are ones the sources never give, and the question would be declined as outside them. A
    /// label that names what the sources name ("Kunashir: how far is it from Japan?") is the question's subject and
    /// stays.
    /// </summary>
    string WithoutSpeaker(string text)
    {
        if (SpeakerLabel().Match(text) is not { Success: true } label)
            return text;
        var named = Words.Of(label.Groups["label"].Value).Any(w => (char.IsDigit(w[0]) && w.Length >= 3) || (TextAnalysis.StemOf(w) is { } stem && catalog.IsName(stem)));
        return named ? text : text[(label.Groups["label"].Index + label.Groups["label"].Length + 1)..].TrimStart();
    }

    /// <summary>
    /// A short label before a colon that opens a message: up to eight words, none of them a question word. The words
    /// and what parts them share no character, so a long message without a colon is given up on at once.
    /// </summary>
    [GeneratedRegex(@"^\s*(?<label>(?!(?:who|what|when|where|why|which|how)\b)[\w'’()\-]+(?:[ ,]+(?!(?:who|what|when|where|why|which|how)\b)[\w'’()\-]+){0,7}):\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex SpeakerLabel();

    /// <summary>
    /// Where the question word is when a phrase set off by a comma comes before it ("According to analysts, why
    /// did…", "In 2010, who visited…", "When the helicopter fired on the boats, was anyone hurt?"): that phrase
    /// says by whom or when, and stays part of what is searched; the word after it says what kind of answer is
    /// asked for.
    /// </summary>
    static int AfterLeadingPhrase(string text, List<string> words, int start)
    {
        if (start + 1 >= words.Count || Auxiliaries.Contains(words[start]))
            return start;
        // "When was…", "Where did…" ask their own question; "When the Soviets took the islands, how many…" opens a
        // clause that only sets the scene.
        if (QuestionWords.Contains(words[start]) && (words[start] is not ("when" or "where") || Auxiliaries.Contains(words[start + 1])))
            return start;
        var lead = LeadingPhrase().Match(text);
        if (!lead.Success)
            return start;
        var at = Words.Of(lead.Value).Count();
        if (at <= start || at + 1 >= words.Count || !(QuestionWords.Contains(words[at]) || Auxiliaries.Contains(words[at])))
            return start;
        // "In 1956, when ties were normalised, what did…": a "when" or "where" that opens a clause, not a question.
        return words[at] is "when" or "where" && !Auxiliaries.Contains(words[at + 1]) ? start : at;
    }

    [GeneratedRegex(@"^[^,?.!;:]{3,150},")]
    private static partial Regex LeadingPhrase();

    static int SkipFillers(List<string> words)
    {
        var start = 0;
        var skipped = true;
        while (skipped && start < words.Count)
        {
            skipped = false;
            foreach (var filler in Fillers)
            {
                var parts = filler.Split(' ');
                if (start + parts.Length > words.Count)
                    continue;
                var matches = true;
                for (var j = 0; j < parts.Length && matches; j++)
                    matches = words[start + j] == parts[j];
                // "so" or "and" alone is no question; keep a lone filler as the question's only word.
                if (matches && start + parts.Length < words.Count)
                {
                    start += parts.Length;
                    skipped = true;
                    break;
                }
            }
        }
        // "On what date…", "In which year…", "To whom…": the question word after a preposition says what is asked.
        if (start + 1 < words.Count && Prepositions.Contains(words[start]) && words[start + 1] is "what" or "which" or "whom" or "when" or "where" or "how")
            start++;
        return start;
    }

    static readonly HashSet<string> Prepositions = new(StringComparer.Ordinal) { "in", "on", "at", "by", "from", "since", "until", "till", "during", "to", "for", "with", "under", "after", "before", "of", "about" };

    /// <summary>Contractions and chat shorthand written out in full.</summary>
    static string WrittenOut(string text) => Intensifier().Replace(ExpandShorthand(ExpandContractions(text)), "$1");

    /// <summary>"Why on earth not?", "what the hell happened", "why ever did Tokyo say no": words that only stress the question.</summary>
    [GeneratedRegex(@"\b(why|what|how|who|where|when|which)\s+(?:on earth|in the world|the hell|the heck|ever)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Intensifier();

    /// <summary>
    /// The shorthand people type in chat, written out: "how many ppl live there", "did japan n the ussr sign".
    /// English, not this corpus's words; spelling mistakes are left to <see cref="Respell"/>.
    /// </summary>
    static readonly Dictionary<string, string> Shorthand = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ppl"] = "people", ["govt"] = "government", ["gov"] = "government", ["pm"] = "prime minister",
        ["pres"] = "president", ["tho"] = "though", ["thru"] = "through", ["bc"] = "because", ["cuz"] = "because",
        ["coz"] = "because", ["b4"] = "before", ["ur"] = "your",
        ["abt"] = "about", ["yr"] = "year", ["yrs"] = "years", ["approx"] = "approximately", ["intl"] = "international",
        ["ussr"] = "Soviet Union", ["ww2"] = "World War II", ["wwii"] = "World War II", ["ww1"] = "World War I",
        ["wwi"] = "World War I", ["w/"] = "with", ["w/o"] = "without",
        ["tht"] = "that", ["wht"] = "what", ["wat"] = "what", ["wut"] = "what", ["hw"] = "how", ["wd"] = "would",
        ["cd"] = "could", ["shd"] = "should", ["em"] = "them", ["bout"] = "about", ["any1"] = "anyone",
        ["some1"] = "someone", ["every1"] = "everyone", ["no1"] = "no one", ["wanna"] = "want to",
        ["gonna"] = "going to", ["gotta"] = "got to", ["kinda"] = "kind of", ["sorta"] = "sort of",
        ["dunno"] = "do not know", ["idk"] = "I do not know", ["pls"] = "please", ["plz"] = "please",
        ["thx"] = "thanks", ["rn"] = "right now", ["rly"] = "really", ["wats"] = "what is", ["smth"] = "something", ["sth"] = "something",
        ["bcuz"] = "because", ["becuz"] = "because", ["altho"] = "although", ["2day"] = "today", ["tmrw"] = "tomorrow",
        // Countries by their codes ("are jp and ru still at war", "RU-JP fishing clashes"); two-letter codes that
        // are English words ("in", "it", "us", "no") are left alone.
        ["jp"] = "Japan", ["jpn"] = "Japan", ["ru"] = "Russia", ["rus"] = "Russia", ["cn"] = "China", ["prc"] = "China",
        ["kr"] = "South Korea", ["rok"] = "South Korea", ["dprk"] = "North Korea", ["uk"] = "United Kingdom",
        ["usa"] = "United States", ["eu"] = "European Union",
        // Ordinals in figures: "the 1st Russian leader" asks for the first, not for a number the sources never give.
        ["1st"] = "first", ["2nd"] = "second", ["3rd"] = "third", ["4th"] = "fourth", ["5th"] = "fifth",
        ["6th"] = "sixth", ["7th"] = "seventh", ["8th"] = "eighth", ["9th"] = "ninth", ["10th"] = "tenth",
        // Contractions typed without their apostrophe.
        ["whats"] = "what is", ["hows"] = "how is", ["whos"] = "who is", ["wheres"] = "where is", ["whens"] = "when is",
        ["thats"] = "that is", ["dont"] = "do not", ["doesnt"] = "does not", ["didnt"] = "did not", ["isnt"] = "is not",
        ["arent"] = "are not", ["wasnt"] = "was not", ["werent"] = "were not", ["havent"] = "have not",
        ["hasnt"] = "has not", ["cant"] = "can not", ["wouldnt"] = "would not", ["couldnt"] = "could not",
    };

    static string ExpandShorthand(string text) =>
        ShorthandWord().Replace(text, m => m.Value switch
        {
            "n" => "and",
            "r" => "are",
            "u" => "you",
            "y" => "why",
            _ => Shorthand.TryGetValue(m.Value, out var full) ? full : m.Value,
        });

    // A lone lowercase "n", "r", "u" or "y" before another word is "and", "are", "you", "why" ("y r japan n russia
    // ..."); a capital or a letter with a full stop ("U.S.", "N. Korea") is something else.
    [GeneratedRegex(@"(?<![\p{L}\p{N}'.])(w/o|w/|[nruy](?= )|[\p{L}\p{N}]{2,})(?![\p{L}\p{N}'])")]
    private static partial Regex ShorthandWord();

    static string ExpandContractions(string text)
    {
        var straight = text.Replace('\u2019', '\'').Replace('\u2018', '\'');
        return Contraction().Replace(straight, m => m.Value.ToLowerInvariant() switch
        {
            "won't" => "will not",
            "can't" => "can not",
            var other when other.EndsWith("n't", StringComparison.Ordinal) => other[..^3] + " not",
            var other when other.EndsWith("'s", StringComparison.Ordinal) => other[..^2] + " is",
            var other when other.EndsWith("'re", StringComparison.Ordinal) => other[..^3] + " are",
            var other => other,
        });
    }

    [GeneratedRegex(@"\b(again|else|other|another|more|next|then|after that|before that|besides|also|too|later|earlier|previous(ly)?|first|last)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MoreThanTold();

    [GeneratedRegex(@"^\s*(and|but|so|what about|how about|what else|and then|then|why not|also)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Continuation();

    [GeneratedRegex(@"(?<=[\s\-(])\p{Lu}[\p{L}\p{N}]*")]
    private static partial Regex CapitalisedWord();

    [GeneratedRegex(@"[.!?]['""’”)]*\s+$")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[\p{L}]+")]
    private static partial Regex Word();

    /// <summary>
    /// The tag that puts a claim to be checked: "…, right?", "correct?", "is that so?", "check that", "does that hold
    /// up?", "year ok?", "that's 1978?", and after a sentence's end, a bare "year?". <c>after</c> is the punctuation
    /// that ends the claim before it.
    /// </summary>
    [GeneratedRegex(@"(?<after>[,.;:!?\-–—'""’”)]\s*)?\b(right|correct|true|accurate|ok|okay|confirm(ed)?|is (that|this|it) so|check (that|this|it)|(does|do|did) (that|this|it) hold up|flag anything|(year|date|number|figure|name|spelling)s? (ok|okay|right|correct)|(that's|that is|that was|was that|is that|this was)( in| around| about)? \d+|(?<=[,.;:!?\-–—'""’”)]\s*)(year|date|number|figure)s?)\s*[?.!]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ClaimToCheck();

    /// <summary>The comma between a number's groups of thousands.</summary>
    [GeneratedRegex(@"(?<=\d),(?=\d{3}\b)")]
    private static partial Regex DigitGroups();

    /// <summary>
    /// A year written with two digits after a word of time ("in 56", "back in '73", "since 09") or with its
    /// apostrophe ("the '56 declaration"); not a count ("in 24 hours", "by 15 percent") or part of a larger number.
    /// </summary>
    [GeneratedRegex(@"(?:(?<=\b(?:in|since|by|from|until|till|before|after)\s+)'?|(?<![\w'’])['’])(?<year>\d{2})(?![\d.,]*\d)(?!\s*(?:%|percent|per\b|km|kilomet|mile|year|yr|ship|troop|people|ppl|island|hour|day|month|week|minute|bn|billion|million|thousand|times))\b", RegexOptions.IgnoreCase)]
    private static partial Regex ShortYears();

    /// <summary>A decade written short: "90s", "'90s".</summary>
    [GeneratedRegex(@"(?<![\d])'?(\d0)s\b")]
    private static partial Regex Decades();

    // Only contractions of question words and auxiliaries: "Japan's" stays a possessive.
    [GeneratedRegex(@"\b(won't|can't|\w+n't|(what|who|where|when|how|why|that|there|it)'s|(what|who|where|when|how|why|they|you|we)'re)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Contraction();
}
