using Bot.Answers;
using Bot.Tests.Support;

namespace Bot.Tests.Answers;

/// <summary>A yes or no follows from the clause of the cited sentence that speaks to the question's claim, or is not given.</summary>
public sealed class YesNoTests : IDisposable
{
    readonly Pipeline _pipeline = Pipeline.ForRepositoryCorpus();

    public void Dispose() => _pipeline.Dispose();

    [Theory]
    [InlineData("Is there a peace treaty?", "No. ", "never signed")]
    [InlineData("Did Medvedev visit the Kuril Islands?", "Yes. ", "visited")]
    [InlineData("didn't they fight a war in 1904?", "Yes. ", "1904")]
    [InlineData("Are Japan and Russia still at war?", "Yes. ", "technically at war")]
    // "cut back" is said in the source as "reduced": an English synonym states the same claim.
    [InlineData("Have the two countries cut back the troops facing each other?", "Yes. ", "reduced")]
    public async Task A_plain_clause_gives_its_verdict(string question, string verdict, string fact)
    {
        var answer = await _pipeline.AskAsync(question, question);

        Assert.StartsWith(verdict, answer.Text, StringComparison.Ordinal);
        Assert.Contains(fact, answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Is Russia going to give the islands back?")]
    [InlineData("does japan get energy from russia")]
    public async Task A_clause_that_reports_a_stance_or_says_something_else_gives_no_verdict_word(string question)
    {
        var answer = await _pipeline.AskAsync(question, question);

        Assert.Equal(AnswerKind.Answered, answer.Kind);
        // Either opening quotes the sources without a verdict: plainly, or, where the reader is unsure, with its caveat.
        Assert.Matches($"^(The sources say: |{ExtractiveComposer.Caveat})", answer.Text);
    }

    [Fact]
    public void A_negation_of_something_the_question_does_not_claim_gives_no_verdict()
    {
        var catalog = _pipeline.Catalog;
        var reader = new QuestionReader(catalog);
        var verdicts = new VerdictReader(catalog);
        var sentence = SentenceSaying(catalog, "need Japan's assistance");

        var verdict = verdicts.Read(reader.Read("Did Japan do anything to help them?", [], "Japan Russia war"), sentence);

        Assert.Equal(VerdictWord.Unclear, verdict.Word);
    }

    [Theory]
    [InlineData("Was anybody hurt?", "none of the 15 crew members were hurt")]
    [InlineData("Did Japan and the Soviet Union sign a peace treaty in 1956?", "without signing a peace treaty")]
    public void A_negation_of_the_claim_itself_says_no(string question, string fact)
    {
        var catalog = _pipeline.Catalog;
        var sentence = SentenceSaying(catalog, fact);

        var verdict = new VerdictReader(catalog).Read(new QuestionReader(catalog).Read(question, [], "Japan Russia war"), sentence);

        Assert.Equal(VerdictWord.No, verdict.Word);
    }

    // "Does Japan claim all the Kuril Islands?" turns on "all", which the sentence does not say; "But Japan refused",
    // the next sentence, refuses the offer and says nothing of whether it was made; "Russia demanded…" says nothing
    // of whether the demand was dropped.
    [Theory]
    [InlineData("Does Japan claim all the Kuril Islands?", "The Japanese claim the southern Kuril Islands", VerdictWord.Unclear)]
    [InlineData("Did the Soviets offer any of the islands back?", "Moscow offered to give two of the islands back", VerdictWord.Unclear)]
    [InlineData("Did Russia eventually drop its demand that Japanese delivering aid carry immigration cards?", "Russia demanded that a Japanese delivering humanitarian supplies", VerdictWord.Unclear)]
    public void A_sentence_gives_no_verdict_on_what_it_does_not_say_of_the_claim_itself(string question, string fact, VerdictWord expected)
    {
        var catalog = _pipeline.Catalog;

        var verdict = new VerdictReader(catalog).Read(new QuestionReader(catalog).Read(question, [], "Japan Russia war"), SentenceSaying(catalog, fact));

        Assert.Equal(expected, verdict.Word);
    }

    [Theory]
    [InlineData("Did Gorbachev's 1991 visit to Tokyo reaffirm the 1956 promise?", "produced a joint statement", VerdictWord.No)]
    [InlineData("Did the joint statement reaffirm the 1956 promise?", "stopped short of", VerdictWord.No)]
    [InlineData("Has Tokyo asked Moscow to allow grave visits?", "grave visits", VerdictWord.Yes)]
    [InlineData("Were a lot of fishermen killed?", "killing a fisherman", VerdictWord.Unclear)]
    public void The_verdict_follows_the_clause_that_speaks_to_the_claim(string question, string words, VerdictWord expected)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("talks.txt"), """
            Talks over the islands

            Mikhail Gorbachev's April 1991 visit to Tokyo produced a joint statement naming all four islands as the subject of negotiations after the 1956 promise, but it did not reaffirm Article 9.

            His joint statement named all four islands as disputed, although it stopped short of reaffirming the 1956 promise.

            Tokyo has asked Moscow to allow grave visits at least on humanitarian grounds, but that request has not been granted.

            In August 2006, a patrol ship opened fire on a crabbing vessel, killing a fisherman.
            """);
        using var pipeline = new Pipeline(folder.Path);
        var catalog = pipeline.Catalog;

        var verdict = new VerdictReader(catalog).Read(new QuestionReader(catalog).Read(question, [], "islands"), SentenceSaying(pipeline, words));

        Assert.Equal(expected, verdict.Word);
    }

    static SentenceFacts SentenceSaying(Pipeline pipeline, string words) =>
        pipeline.Corpus.Passages.Select(p => pipeline.Catalog.Find(p.Id)).OfType<PassageFacts>().SelectMany(p => p.Sentences)
            .First(s => s.Text.Contains(words, StringComparison.Ordinal));

    SentenceFacts SentenceSaying(SentenceCatalog catalog, string words) =>
        _pipeline.Corpus.Passages.Select(p => catalog.Find(p.Id)).OfType<PassageFacts>().SelectMany(p => p.Sentences)
            .First(s => s.Text.Contains(words, StringComparison.Ordinal));

    [Fact]
    public async Task A_question_denied_inside_gets_no_verdict_word()
    {
        var answer = await _pipeline.AskAsync("Is there no peace treaty?");

        Assert.DoesNotMatch("^(Yes|No)\\b", answer.Text);
    }
}
