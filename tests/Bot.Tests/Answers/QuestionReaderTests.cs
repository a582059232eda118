using Bot.Answers;
using Bot.Conversations;

namespace Bot.Tests.Answers;

public sealed class QuestionReaderTests
{
    const string Subject = "Japan Russia war";

    static readonly QuestionReader QuestionReader = new(new SentenceCatalog(new Bot.Corpus.CorpusLoader(Microsoft.Extensions.Logging.Abstractions.NullLogger<Bot.Corpus.CorpusLoader>.Instance).Load(Support.Repository.Corpus)));

    static TurnRecord Turn(string question, params string[] words) => new(question, words, [], [], DateTimeOffset.UnixEpoch, Thread: [question], Kind: "YesNo");

    [Theory]
    [InlineData("Who won the war?", QuestionKind.Who)]
    [InlineData("When was the Russo-Japanese War fought?", QuestionKind.When)]
    [InlineData("What year did the Soviet Union collapse?", QuestionKind.When)]
    [InlineData("Where is Kunashir?", QuestionKind.Where)]
    [InlineData("How many islands are in the Kuril chain?", QuestionKind.Quantity)]
    [InlineData("How much oil could the rigs supply?", QuestionKind.Quantity)]
    [InlineData("What share of Japan's oil imports came from Russia?", QuestionKind.Quantity)]
    [InlineData("Is there a peace treaty?", QuestionKind.YesNo)]
    [InlineData("Did Medvedev visit the Kuril Islands?", QuestionKind.YesNo)]
    [InlineData("Why is there no peace treaty?", QuestionKind.Why)]
    [InlineData("What caused the war?", QuestionKind.Why)]
    [InlineData("What did Medvedev say in 2010?", QuestionKind.What)]
    [InlineData("How could Japan and Russia cooperate?", QuestionKind.How)]
    [InlineData("So, tell me who won the war?", QuestionKind.Who)]
    [InlineData("Any progress on the islands?", QuestionKind.YesNo)]
    [InlineData("Was anybody hurt?", QuestionKind.YesNo)]
    [InlineData("Anyone hurt?", QuestionKind.YesNo)]
    [InlineData("they get anywhere on the islands?", QuestionKind.YesNo)]
    [InlineData("That was in 1956?", QuestionKind.YesNo)]
    [InlineData("According to analysts, why did two Russian bombers fly around Japan?", QuestionKind.Why)]
    [InlineData("In 2010, who visited the Kurils?", QuestionKind.Who)]
    [InlineData("In 1956, when ties were normalised, what did Moscow offer?", QuestionKind.What)]
    [InlineData("When a Russian attack helicopter fired on two Japanese fishing boats in January 2010, was anyone aboard injured?", QuestionKind.YesNo)]
    [InlineData("When the Soviets took the islands, how many Japanese had to leave?", QuestionKind.Quantity)]
    [InlineData("After the Soviet Union collapsed, did the two sides sign a treaty?", QuestionKind.YesNo)]
    [InlineData("When was the war fought, and who won?", QuestionKind.When)]
    [InlineData("What was the main motive of the visit?", QuestionKind.Why)]
    [InlineData("What did each side hope to gain from the war?", QuestionKind.Why)]
    [InlineData("What point did Medvedev make about the phones?", QuestionKind.What)]
    [InlineData("wat exact date did japan beat russia", QuestionKind.When)]
    [InlineData("Which precise year was the declaration signed?", QuestionKind.When)]
    public void Recognises_what_kind_of_answer_a_question_wants(string text, QuestionKind kind)
    {
        Assert.Equal(kind, QuestionReader.Read(text, [], Subject).Kind);
    }

    [Theory]
    [InlineData("Name and age of the man who died?", new[] { "age", "man", "died" })]
    [InlineData("spokesman's name?", new[] { "spokesman" })]
    [InlineData("RU vs JP names for the disputed isles?", new[] { "russia", "vs", "japan", "names", "disputed", "isles" })]
    public void Reads_a_name_asked_for_as_what_the_answer_gives_not_a_word_to_find(string text, string[] terms)
    {
        Assert.Equal(terms, QuestionReader.Read(text, [], Subject).Terms.Where(t => t.Source == TermSource.Asked).Select(t => t.Word));
    }

    [Theory]
    [InlineData("Denise, Boise: how long has russia been sitting on those kuril islands anyway", QuestionKind.Quantity)]
    [InlineData("line 2, Marge from Toledo: are japan and russia still at war?", QuestionKind.YesNo)]
    [InlineData("caller (history teacher, Fresno): isn't it true the old Russo-Japanese war ended with a treaty?", QuestionKind.YesNo)]
    public void A_label_saying_who_asks_is_no_part_of_the_question(string text, QuestionKind kind)
    {
        var question = QuestionReader.Read(text, [], Subject);

        Assert.Equal(kind, question.Kind);
        Assert.False(question.IsOutsideCorpus);
    }

    [Theory]
    [InlineData("her grandson says japan and russia are still at war. is he right?")]
    [InlineData("my teacher and his friends think the islands are Russian, are they?")]
    public void A_relative_of_whoever_asks_is_not_someone_spoken_of_before(string text)
    {
        Assert.False(QuestionReader.Read(text, [], Subject).NamesNobody);
    }

    /// <summary>
    /// A message that could open with a label but has no colon: the words of a label and what parts them share no
    /// character, so the search for one ends at once. Written the other way, 40 letters took seconds, 1,000 forever.
    /// </summary>
    [Theory]
    [InlineData('a', 999)]
    [InlineData(',', 999)]
    public async Task A_long_message_without_a_colon_is_read_without_searching_every_way_to_split_it(char letter, int length)
    {
        var reading = Task.Run(() => QuestionReader.Read(new string(letter, length) + " war?", [], Subject));

        // A guard against hanging, not a measure of speed: the read takes about a millisecond.
        Assert.NotNull(await reading.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_word_longer_than_any_English_one_is_something_the_sources_never_say()
    {
        Assert.True(QuestionReader.Read(new string('a', 999), [], Subject).IsOutsideCorpus);
    }

    [Fact]
    public void A_label_that_names_what_the_sources_name_is_the_questions_subject()
    {
        var question = QuestionReader.Read("Kunashir: how far is it from Hokkaido?", [], Subject);

        Assert.Contains(question.Terms, t => t.Word == "kunashir");
    }

    [Fact]
    public void Keeps_content_words_and_drops_question_scaffolding()
    {
        var question = QuestionReader.Read("How many islands are in the Kuril chain?", [], Subject);

        Assert.Equal(["islands", "kuril", "chain"], question.Terms.Select(t => t.Word));
        Assert.Equal("islands", question.UnitWord);
    }

    [Theory]
    [InlineData("What do the Russians call the disputed islands?")]
    [InlineData("what name does each side use for the islands")]
    public void A_question_for_what_something_is_called_searches_for_its_name_not_the_word_call(string text)
    {
        var question = QuestionReader.Read(text, [], Subject);

        Assert.DoesNotContain(question.Asked, t => t.Stem is "call" or "name");
        Assert.Contains("known", question.SearchedAlso, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_that_asks_no_name_searches_only_its_own_words()
    {
        Assert.Equal("", QuestionReader.Read("Why did Japan refuse the offer?", [], Subject).SearchedAlso);
    }

    [Fact]
    public void Names_and_numbers_are_required_words()
    {
        var question = QuestionReader.Read("What did Medvedev say about the Kurils in December 2010?", [], Subject);

        Assert.Equal(["medvedev", "kurils", "december", "2010"], question.Terms.Where(t => t.IsRequired).Select(t => t.Word));
    }

    [Fact]
    public void A_short_question_that_refers_back_inherits_the_previous_topic()
    {
        var history = new[] { Turn("Did Medvedev visit the Kuril Islands?", "medvedev", "visit", "kuril", "islands") };

        var question = QuestionReader.Read("When did he go back?", history, Subject);

        Assert.True(question.IsFollowUp);
        Assert.Contains(question.Terms, t => t.Word == "medvedev" && t.Source == TermSource.Context);
    }

    [Theory]
    [InlineData("why on earth not")]
    [InlineData("Why in the world not?")]
    [InlineData("why the hell not")]
    public void Words_that_only_stress_a_question_leave_it_a_follow_up(string text)
    {
        var history = new[] { Turn("Did Japan accept the two islands Moscow offered in 1956?", "japan", "accept", "two", "islands", "moscow", "1956") };

        var question = QuestionReader.Read(text, history, Subject);

        Assert.True(question.IsFollowUp);
        Assert.Equal(QuestionKind.Why, question.Kind);
        Assert.DoesNotContain(question.Terms, t => t.Source == TermSource.Asked);
    }

    [Fact]
    public void A_first_question_that_names_nothing_is_read_against_the_corpus_subject()
    {
        var question = QuestionReader.Read("Who won?", [], Subject);

        Assert.True(question.LeansOnContext);
        Assert.False(question.IsFollowUp);
        Assert.Equal(["japan", "russia", "war"], question.Terms.Where(t => t.Source == TermSource.Context).Select(t => t.Word));
        Assert.Equal("Japan Russia war Who won?", question.SearchText);
    }

    [Fact]
    public void A_follow_up_is_searched_with_the_question_it_follows_and_keeps_its_kind_when_it_asks_no_new_one()
    {
        var history = new[] { new TurnRecord("When did Medvedev visit the Kurils?", [], [], [], DateTimeOffset.UnixEpoch, Thread: ["When did Medvedev visit the Kurils?"], Kind: "When") };

        var question = QuestionReader.Read("and in 2012?", history, Subject);

        Assert.True(question.IsFollowUp);
        Assert.Equal(QuestionKind.When, question.Kind);
        Assert.Equal("When did Medvedev visit the Kurils? and in 2012?", question.SearchText);
        Assert.Equal(["When did Medvedev visit the Kurils?", "and in 2012?"], question.Thread);
    }

    [Theory]
    [InlineData("how many japanese were kicked out of the islands?", "kick_out")]
    [InlineData("how many japanese did they throw out of the islands?", "throw_out")]
    [InlineData("did the soviets kick them out?", "kick_out")]
    [InlineData("did japan turn it down?", "turn_down")]
    public void A_verb_with_its_particle_is_read_as_one_verb(string text, string phrasal)
    {
        var question = QuestionReader.Read(text, [], Subject);

        Assert.Contains(question.Asked, t => t.PhrasalVerb == phrasal);
    }

    [Theory]
    [InlineData("how many people live on the kuril islnds", "islands")]
    [InlineData("when did medvedv visit", "medvedev")]
    [InlineData("when did the first sakhlin gas arrive", "sakhalin")]
    [InlineData("where r the kurls exactly", "kuril")]
    public void A_misspelt_word_is_read_as_the_corpus_word_nearest_it(string text, string corrected)
    {
        var question = QuestionReader.Read(text, [], Subject);

        Assert.Contains(corrected, question.SearchText, StringComparison.Ordinal);
        Assert.False(question.IsOutsideCorpus);
    }

    [Theory]
    [InlineData("Who won the 2022 Super Bowl?")]
    [InlineData("Who won the 2018 FIFA World Cup?")]
    [InlineData("What is the capital of France?")]
    [InlineData("What happened in 2019?")]
    public void A_question_about_what_the_corpus_never_names_is_outside_it(string text)
    {
        Assert.True(QuestionReader.Read(text, [], Subject).IsOutsideCorpus);
    }

    [Theory]
    [InlineData("Which region might Finland demand back?")]
    [InlineData("Would Germany also lay claim to land?")]
    [InlineData("How do the Russians see the American troops in Japan?")]
    public void A_country_the_sources_name_by_its_people_or_another_name_is_not_outside_the_corpus(string text)
    {
        // The sources say "the Finns", "the Germans" and "the US", never "Finland", "Germany" or "American".
        Assert.False(QuestionReader.Read(text, [], Subject).IsOutsideCorpus);
    }

    [Fact]
    public void A_place_the_person_says_they_come_from_does_not_put_their_question_outside_the_corpus()
    {
        var introduced = QuestionReader.Read("Hi! I study history in Tomsk, and my teacher says Japan and Russia never signed a peace treaty. Is that true?", [], Subject);
        var asked = QuestionReader.Read("I study history. Who is the mayor of Tomsk?", [], Subject);

        Assert.False(introduced.IsOutsideCorpus);
        Assert.True(asked.IsOutsideCorpus);
    }

    [Theory]
    [InlineData("Did Abe travel to Russia for talks with Putin in 2018?")]
    [InlineData("is the sea border between japan and russia 300 km long?")]
    [InlineData("Was the Russo-Japanese War ended by the Treaty of Versailles?")]
    public void A_yes_or_no_on_a_number_or_name_the_sources_never_give_is_a_claim_they_can_correct(string text)
    {
        var question = QuestionReader.Read(text, [], Subject);

        Assert.False(question.IsOutsideCorpus);
        Assert.True(question.ChecksWhatSourcesNeverGive);
    }

    [Theory]
    [InlineData("Medvedev visited Kunashiri in 2011 - year ok?")]
    [InlineData("The article has the Russo-Japanese war ending in 1906, is that so?")]
    [InlineData("My notes have the joint declaration in 1965")]
    public void A_claim_put_to_be_checked_is_a_yes_or_no_question_on_it_however_it_is_worded(string text)
    {
        var question = QuestionReader.Read(text, [], Subject);

        Assert.Equal(QuestionKind.YesNo, question.Kind);
        Assert.False(question.IsOutsideCorpus);
    }

    [Fact]
    public void A_question_word_before_a_checking_word_still_asks_its_own_question()
    {
        Assert.Equal(QuestionKind.Who, QuestionReader.Read("who's right?", [], Subject).Kind);
    }

    [Theory]
    [InlineData("Which PM visited Russia in 2016?")]
    [InlineData("what countries are still at war from ww2")]
    public void Abbreviations_do_not_put_a_question_outside_the_corpus(string text)
    {
        Assert.False(QuestionReader.Read(text, [], Subject).IsOutsideCorpus);
    }

    [Fact]
    public void Another_name_for_what_the_sources_name_does_not_put_a_question_outside_them()
    {
        // WordNet gives "America" as "US", which the sources use: held out (50 sets) 1,457 to 1,467 passing, false
        // declines 118 to 106, unanswerable turns declined 66 to 65.
        const string earlier = "What part has America played in all this?";
        Assert.False(QuestionReader.Read(earlier, [], Subject).IsOutsideCorpus);

        // Nor does it put the thread outside them.
        var history = new[] { new TurnRecord(earlier, [], [], [], DateTimeOffset.UnixEpoch, Thread: [earlier], Kind: "What") };
        Assert.False(QuestionReader.Read("and why would Moscow mind that today?", history, Subject).IsOutsideCorpus);
    }

    [Theory]
    [InlineData("Our club read about the Russo-Japanese War. Remind me, what were they squabbling over?")]
    [InlineData("brezhnev admitted there was a territorial dispute back in the 70s, didnt he")]
    [InlineData("What happened to the islands in the 1800s?")]
    public void An_english_word_opening_a_sentence_and_a_decade_the_sources_date_within_are_no_strange_names(string text)
    {
        Assert.False(QuestionReader.Read(text, [], Subject).IsOutsideCorpus);
    }

    [Fact]
    public void A_capital_the_sources_never_name_is_read_as_its_country()
    {
        var question = QuestionReader.Read("who in beijing commented on the sea cucumber venture?", [], Subject);

        Assert.False(question.IsOutsideCorpus);
        Assert.Contains("china", question.SearchedAlso, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_misspelt_in_an_earlier_question_is_respelt_in_the_thread_too()
    {
        const string earlier = "My friend says on Kurily live only few hundred people. Is it true?";
        var history = new[] { new TurnRecord(earlier, [], [], [], DateTimeOffset.UnixEpoch, Thread: [earlier], Kind: "YesNo") };

        var question = QuestionReader.Read("and how long is the sea border between them?", history, Subject);

        Assert.True(question.IsFollowUp);
        Assert.False(question.IsOutsideCorpus);
        Assert.Contains(question.Terms, t => t.Stem == "kuril");
    }

    [Fact]
    public void The_thread_a_follow_up_is_read_with_has_its_shorthand_written_out_too()
    {
        var history = new[] { new TurnRecord("why r japan n russia still at war? wasnt it over", [], [], [], DateTimeOffset.UnixEpoch, Thread: ["why r japan n russia still at war? wasnt it over"], Kind: "Why") };

        var question = QuestionReader.Read("whats been blocking it", history, Subject);

        Assert.True(question.IsFollowUp);
        Assert.DoesNotContain(question.Terms, t => t.Word is "r" or "n" or "wasnt");
    }

    [Fact]
    public void A_short_word_one_letter_off_is_respelt_only_as_a_name()
    {
        // Measured both ways, short words respelt as any corpus word did no better held out (1,283 against 1,284
        // passing), and a short word one letter from many is a guess.
        var question = QuestionReader.Read("how much trde is there", [], Subject);

        Assert.Contains("trde", question.SearchText, StringComparison.Ordinal);
        Assert.DoesNotContain("trade", question.SearchText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("how much of japan's electricity comes from sakhalin", "electricity")]
    [InlineData("has tokyo asked moscow to at least allow the grave visits?", "least")]
    [InlineData("whose idea was the 1956 declaration", "whose")]
    [InlineData("what else do the kurils have besides fish", "besides")]
    [InlineData("Had Stalin promised Churchill he'd fight Japan?", "Churchill")]
    public void An_english_word_the_sources_never_use_is_not_respelt_as_one_of_theirs(string text, string word)
    {
        Assert.Contains($" {word} ", $" {QuestionReader.Read(text, [], Subject).Corrected} ", StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelling_that_is_no_english_word_is_still_respelt()
    {
        var question = QuestionReader.Read("which islnds does japan claim", [], Subject);

        Assert.Contains("islands", question.Corrected, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_word_that_carries_no_subject_is_not_asked_about()
    {
        var question = QuestionReader.Read("which islands is japan actualy claiming", [], Subject);

        Assert.DoesNotContain(question.Terms, t => t.Word.StartsWith("actual", StringComparison.Ordinal));
        Assert.Contains(question.Terms, t => t.Word == "claiming");
    }

    [Theory]
    [InlineData("did japan n the ussr ever sign a peace deal after ww2", "did japan and the Soviet Union ever sign a peace deal after World War II")]
    [InlineData("and how many ppl live there", "and how many people live there")]
    [InlineData("who was PM then", "who was prime minister then")]
    [InlineData("whats the sea cucumber story about", "what is the sea cucumber story about")]
    [InlineData("why r japan n russia at war", "why are japan and russia at war")]
    [InlineData("why didnt they sign", "why did not they sign")]
    [InlineData("wat did any1 say abt tht", "what did anyone say about that")]
    [InlineData("how long wd tht pipe be", "how long would that pipe be")]
    [InlineData("Did the U.S. or N. Korea take part?", "Did the U.S. or N. Korea take part?")]
    [InlineData("What is Japan's claim to the islands?", "What is Japan's claim to the islands?")]
    [InlineData("are jp and ru technically still at war", "are Japan and Russia technically still at war")]
    [InlineData("RU-JP fishing clashes", "Russia-Japan fishing clashes")]
    [InlineData("is it true in us history", "is it true in us history")]
    [InlineData("y did they shoot tho", "why did they shoot though")]
    [InlineData("wats the deal rly", "what is the deal really")]
    [InlineData("didnt they sign a peace deal in 56", "did not they sign a peace deal in 1956")]
    [InlineData("what % came from russia in 09 n 2010", "what % came from russia in 2009 and 2010")]
    [InlineData("the '56 declaration", "the 1956 declaration")]
    [InlineData("what changed in 24 hours", "what changed in 24 hours")]
    [InlineData("did it fall by 15 percent", "did it fall by 15 percent")]
    public void Chat_shorthand_is_written_out_before_reading(string text, string read)
    {
        Assert.Equal(read, QuestionReader.Read(text, [], Subject).Corrected);
    }

    [Fact]
    public void A_follow_up_that_asks_a_kind_of_its_own_keeps_it()
    {
        var history = new[] { new TurnRecord("Who controls the islands today?", [], [], [], DateTimeOffset.UnixEpoch, Thread: ["Who controls the islands today?"], Kind: "Who") };

        var question = QuestionReader.Read("since when", history, Subject);

        Assert.True(question.IsFollowUp);
        Assert.Equal(QuestionKind.When, question.Kind);
    }

    [Theory]
    [InlineData("What did he say?", true)]
    [InlineData("Why did they refuse?", true)]
    [InlineData("How long did the islanders get to pack their things?", false)]
    [InlineData("Why did Japan recall its ambassador and what did their government say?", false)]
    public void A_pronoun_names_nobody_only_when_nothing_before_it_in_the_question_stands_for_it(string text, bool namesNobody)
    {
        Assert.Equal(namesNobody, QuestionReader.Read(text, [], Subject).NamesNobody);
    }

    [Fact]
    public void A_full_question_stands_on_its_own_after_other_turns()
    {
        var history = new[] { Turn("Did Medvedev visit the Kuril Islands?", "medvedev", "visit", "kuril", "islands") };

        var question = QuestionReader.Read("How much oil could the rigs near Japan supply per day?", history, Subject);

        Assert.False(question.IsFollowUp);
        Assert.DoesNotContain(question.Terms, t => t.Source == TermSource.Context);
    }

    [Theory]
    [InlineData("What's the weather?")]
    [InlineData("Who's Ma Zhaoxu?")]
    [InlineData("Why isn't there a treaty?")]
    public void Contractions_are_expanded_before_reading(string text)
    {
        var question = QuestionReader.Read(text, [], Subject);

        Assert.DoesNotContain(question.Terms, t => t.Word is "s" or "t" or "isn");
    }
}
