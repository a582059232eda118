using Bot.Answers;
using Bot.Answers.Model;
using Bot.Corpus;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Answers;

/// <summary>
/// The check a model's reply passes before anyone sees it, with the real embedding model, on passages of the
/// repository corpus as the model would be given them.
/// </summary>
public sealed class SupportCheckTests : IDisposable
{
    readonly Pipeline _pipeline = Pipeline.ForRepositoryCorpus();

    public void Dispose() => _pipeline.Dispose();

    SupportCheck Check => _pipeline.Services.GetRequiredService<SupportCheck>();

    /// <summary>The passages holding these texts, numbered from 1 as the prompt numbers them.</summary>
    IReadOnlyList<GivenPassage> Given(params string[] texts) =>
    [
        .. texts.Select((text, i) =>
        {
            var passage = _pipeline.Corpus.Passages.First(p => p.Text.Contains(text, StringComparison.Ordinal));
            return new GivenPassage(i + 1, passage, _pipeline.Corpus.DocumentOf(passage).Title, _pipeline.Catalog.Find(passage.Id)!.Sentences);
        }),
    ];

    IReadOnlyList<GivenPassage> Kuril => Given("Prime Minister Naoto Kan later said", "The Russians consider the islands and fish-rich waters");

    IReadOnlyList<GivenPassage> Treaty => Given("While the war officially ended with the Treaty of Portsmouth", "Ultranationalist, however, vehemently oppose");

    [Fact]
    public async Task A_sentence_that_stands_whole_is_shown_as_written_and_a_denial_of_something_else_is_no_contradiction()
    {
        var given = Given("Taro Aso met with Russian President Dmitry Medvedev on Sakhalin");
        const string reply = "According to the sources, Japanese Prime Minister Taro Aso met Russian President Dmitry Medvedev on Sakhalin Island, not far from the disputed islands [1].";

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        var kept = Assert.Single(result.Kept);
        Assert.Equal(reply.Replace(" [1]", "", StringComparison.Ordinal), kept.Text);
        Assert.Empty(result.Dropped);
    }

    [Fact]
    public async Task A_note_on_what_the_passages_leave_out_is_shown_uncited_beside_what_they_say()
    {
        var given = Given("The Russo-Japanese War was fought between 1904 and 1905");
        const string reply = "The war was fought from 1904 to 1905 and Japan came out on top [1]. The passages don't say how many people died.";

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.Equal(2, result.Kept.Count);
        Assert.Empty(result.Kept[1].Cited);
        Assert.StartsWith("The passages don't say", result.Kept[1].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The passages don't say how many people died.")]
    [InlineData("The war ended in 1910 [1]. The passages don't say how many people died.")]
    public async Task A_note_on_what_the_passages_leave_out_is_no_answer_by_itself(string reply)
    {
        var result = await Check.CheckAsync(reply, Given("The Russo-Japanese War was fought between 1904 and 1905"), CancellationToken.None);

        Assert.Empty(result.Kept);
    }

    [Fact]
    public async Task A_note_that_slips_in_a_claim_is_checked_like_any_sentence()
    {
        const string reply = "Japan won the war [1]. The passages don't say, but Russia paid a large indemnity.";

        var result = await Check.CheckAsync(reply, Given("The Russo-Japanese War was fought between 1904 and 1905"), CancellationToken.None);

        Assert.DoesNotContain(result.Kept, k => k.Text.Contains("indemnity", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Great question — the war was formally concluded by the Treaty of Portsmouth in 1905 [1].")]
    [InlineData("Sure, the Russo-Japanese War was won by Japan, which emerged victorious [1].")]
    public async Task A_chatty_opener_is_shown_but_not_taken_for_a_claim(string reply)
    {
        var given = Given("The Russo-Japanese War was fought between 1904 and 1905");

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.True(result.Kept.Count == 1, string.Join("; ", result.Dropped.Select(d => d.Reason)));
    }

    [Theory]
    [InlineData("According to the sources, the war was formally concluded by the Treaty of Portsmouth in 1905 [1].")]
    [InlineData("The Russo-Japanese War was won by Japan, which emerged victorious [1].")]
    [InlineData("Ultranationalists are vehemently against any plan to return the islands [2].")]
    public async Task A_faithful_sentence_in_the_models_own_words_is_kept(string reply)
    {
        var given = Given("The Russo-Japanese War was fought between 1904 and 1905", "Ultranationalist, however, vehemently oppose");

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.True(result.Kept.Count == 1, string.Join("; ", result.Dropped.Select(d => d.Reason)));
        Assert.Empty(result.Dropped);
    }

    [Fact]
    public async Task A_first_statement_too_short_to_stand_alone_is_shown_with_the_rest_of_its_sentence()
    {
        var given = Given("But Japan refused on the grounds that all four islands were theirs");

        var result = await Check.CheckAsync("Japan turned this down, arguing that all four islands were its own and not a matter for negotiation [1].", given, CancellationToken.None);

        Assert.True(result.Kept.Count == 1, string.Join("; ", result.Dropped.Select(d => $"{d.Text}: {d.Reason}")));
        Assert.Empty(result.Dropped);
    }

    [Fact]
    public async Task A_short_first_statement_does_not_carry_a_later_one_that_does_not_stand()
    {
        var given = Given("But Japan refused on the grounds that all four islands were theirs");

        var result = await Check.CheckAsync("Japan turned this down, arguing that two of the islands had been sold to Korea [1].", given, CancellationToken.None);

        Assert.Empty(result.Kept);
    }

    [Fact]
    public async Task The_two_countries_is_not_read_as_the_number_two_and_names_match_their_adjectives()
    {
        var given = Given("Japan and Russia remain technically at war", "Some Russians fear if the Kuril islands");

        var result = await Check.CheckAsync(
            "The two countries remain technically at war because a peace treaty was never signed after World War II [1]. Some Russians worry that the Finns could then demand Karelai [2].",
            given,
            CancellationToken.None);

        Assert.True(result.Kept.Count == 2, string.Join("; ", result.Dropped.Select(d => d.Reason)));
    }

    /// <summary>A name the page misspells ("Karelai", "Kaliningard") or joins into one word ("TransSiberian").</summary>
    [Theory]
    [InlineData("Some Russians fear if the Kuril islands",
        "Some Russians fear the Finns would then demand Karelia and the Germans Kaliningrad [1].",
        "Some Russians fear the Finns would then demand Karelia and the Germans Kamchatka [1].")]
    [InlineData("upgrading the TransSiberian Railway",
        "Both countries are interested in upgrading the Trans-Siberian Railway to move Japanese goods to Europe [1].",
        "Both countries are interested in upgrading the Trans-Baikal Railway to move Japanese goods to Europe [1].")]
    public async Task A_name_the_page_writes_otherwise_is_matched_by_its_usual_form_and_another_name_is_not(string passage, string usualForm, string otherName)
    {
        var given = Given(passage);

        var matched = await Check.CheckAsync(usualForm, given, CancellationToken.None);
        var other = await Check.CheckAsync(otherName, given, CancellationToken.None);

        Assert.True(matched.Kept.Count == 1, string.Join("; ", matched.Dropped.Select(d => d.Reason)));
        Assert.Empty(other.Kept);
    }

    [Fact]
    public async Task A_paraphrase_with_its_own_pronouns_and_auxiliaries_is_kept_and_a_name_put_in_is_not()
    {
        var given = Given("Known to the Russians as the southern Kurils");

        var paraphrase = await Check.CheckAsync("Russia refers to them as the southern Kurils, while Japan calls them the Northern Territories [1].", given, CancellationToken.None);
        var otherName = await Check.CheckAsync("Russia refers to them as the southern Kurils, while China calls them the Northern Territories [1].", given, CancellationToken.None);

        Assert.True(paraphrase.Kept.Count == 1, string.Join("; ", paraphrase.Dropped.Select(d => d.Reason)));
        Assert.DoesNotContain(otherName.Kept, k => k.Text.Contains("China", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Half_is_a_share_like_a_third_so_the_one_put_for_the_other_is_dropped()
    {
        var given = Given("A third of Russia's fish catch comes from the greater island region");

        var faithful = await Check.CheckAsync("About a third of Russia's fish catch comes from the wider island region [1].", given, CancellationToken.None);
        var changed = await Check.CheckAsync("Roughly half of Russia's fish catch comes from the wider island region [1].", given, CancellationToken.None);

        Assert.True(faithful.Kept.Count == 1, string.Join("; ", faithful.Dropped.Select(d => d.Reason)));
        Assert.Empty(changed.Kept);
    }

    [Fact]
    public async Task A_year_from_elsewhere_in_the_passage_may_join_a_sentence_whose_own_year_the_claim_keeps()
    {
        var kept = await Check.CheckAsync("The war, fought from 1904 to 1905, officially ended with the Treaty of Portsmouth in 1905 [1].", Treaty, CancellationToken.None);
        var changed = await Check.CheckAsync("The war officially ended with the Treaty of Portsmouth in 1904 [1].", Treaty, CancellationToken.None);

        Assert.True(kept.Kept.Count == 1, string.Join("; ", kept.Dropped.Select(d => d.Reason)));
        Assert.Empty(changed.Kept);
    }

    [Fact]
    public async Task A_name_from_elsewhere_in_the_passage_may_join_a_sentence_that_keeps_its_own_names()
    {
        var given = Given("He was the first Russian leader to visit the islands");

        var result = await Check.CheckAsync("In November 2010, Medvedev became the first Russian leader to visit the islands [1].", given, CancellationToken.None);

        Assert.True(result.Kept.Count == 1, string.Join("; ", result.Dropped.Select(d => d.Reason)));
    }

    [Fact]
    public async Task A_sentence_citing_two_passages_may_take_a_number_from_one_while_resting_on_the_other()
    {
        var given = Given("A project got under way in 2012 to lay a 3,000-kilometer pipeline", "Construction of the huge pipeline extending to Vladivostok");
        Assert.NotEqual(given[0].Passage.Id, given[1].Passage.Id);

        var both = await Check.CheckAsync("The 3,000-kilometre pipeline to Vladivostok is a national project promoted by Prime Minister Vladimir Putin [1][2].", given, CancellationToken.None);
        var one = await Check.CheckAsync("The 3,000-kilometre pipeline to Vladivostok is a national project promoted by Prime Minister Vladimir Putin [2].", given, CancellationToken.None);

        Assert.True(both.Kept.Count == 1, string.Join("; ", both.Dropped.Select(d => d.Reason)));
        Assert.Empty(one.Kept);
    }

    [Theory]
    [InlineData("Tokyo has expressed support for Ukraine's territorial integrity [1].")]
    [InlineData("Much later, Tokyo and the Soviet Union normalized relations in 1956 without signing a peace treaty [2].")]
    public async Task A_capital_may_stand_for_its_government_and_an_opening_adverb_is_no_name(string reply)
    {
        var given = Given("Japan has expressed support for Ukraine", "Japan and the Soviet Union normalized relations in 1956");

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.True(result.Kept.Count == 1, string.Join("; ", result.Dropped.Select(d => d.Reason)));
    }

    [Theory]
    [InlineData("Japan and the Soviet Union normalized relations in Tokyo in 1956 without signing a peace treaty [2].", "name")]
    [InlineData("Japan has expressed support for Russia's territorial integrity [1].", "gives")]
    public async Task A_capital_as_a_place_must_be_in_the_source_and_a_word_given_to_another_owner_is_dropped(string reply, string reason)
    {
        var given = Given("Japan has expressed support for Ukraine", "Japan and the Soviet Union normalized relations in 1956");

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.Empty(result.Kept);
        Assert.Contains(reason, Assert.Single(result.Dropped).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Twenty bullet marks were found on the vessels, and all 15 crew members were hurt [1].", "opposite")]
    [InlineData("Twenty bullet marks were found on the vessels, and none of the fourteen crew members were hurt [1].", "number")]
    public async Task A_denial_some_words_on_and_a_number_written_out_are_weighed(string reply, string reason)
    {
        var given = Given("none of the 15 crew members were hurt");

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.DoesNotContain(result.Kept, k => k.Text.Contains("crew", StringComparison.Ordinal));
        Assert.Contains(result.Dropped, d => d.Reason.Contains(reason, StringComparison.Ordinal));
    }

    /// <summary>
    /// A denial whose words a window about something near holds up ("Siberia", "oil", "Japan") is weighed against the
    /// clause that speaks to it, and the faithful sentence beside it still stands.
    /// </summary>
    [Fact]
    public async Task A_denial_of_what_the_nearest_clause_affirms_is_dropped_though_another_window_holds_its_words()
    {
        var given = Given("Japan also wants to get some more of Russia", "Oil rigs near Japan could supply Japan with 250,000 barrels");
        const string reply = "Shipping Russian oil costs about a third of the $1.50 a barrel Japan pays to ship oil from the Middle East [1]. "
            + "Japan does not want more Siberian oil, though oil rigs near Japan could supply it with 250,000 barrels a day [1][2].";

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        var kept = Assert.Single(result.Kept);
        Assert.StartsWith("Shipping Russian oil", kept.Text, StringComparison.Ordinal);
        Assert.Contains(result.Dropped, d => d.Text.StartsWith("Japan does not want", StringComparison.Ordinal) && d.Reason.Contains("nearest it in words", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Some even point to January 2005, when Russia quietly handed China an island in the Amur River, as a possible model [1].", true)]
    [InlineData("Some even point to March 2005, when Russia quietly handed China an island in the Amur River, as a possible model [1].", false)]
    public async Task A_month_from_elsewhere_in_the_passage_is_part_of_its_date_and_another_month_is_not(string reply, bool shown)
    {
        var given = Given("In January 2005, the Russians quietly turned over to China an island");

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.True(result.Kept.Count == (shown ? 1 : 0), string.Join("; ", result.Dropped.Select(d => d.Reason)));
    }

    /// <summary>
    /// A word swapped for the other end of its scale between the source's own words, and a war put for another war
    /// whose name the page gives elsewhere (its heading names the Russo-Japanese War).
    /// </summary>
    [Theory]
    [InlineData("Japan reclaimed its Sakhalin territory", "After the Russo-Japanese War, Japan lost its Sakhalin territory [1].", "\"lose\" where they say \"reclaim\"")]
    [InlineData("halted the humanitarian aid", "Japan said this broke an agreement and continued the humanitarian aid to the islands [1].", "\"continu\" where they say \"halt\"")]
    [InlineData("a peace treaty ending World War II", "Japan and Russia are still technically at war because they never signed a peace treaty ending the Russo-Japanese War [1].", "where its sentences name \"World War II\"")]
    public async Task A_claim_turned_round_in_the_sources_own_words_is_dropped_with_its_reason(string passage, string reply, string reason)
    {
        var result = await Check.CheckAsync(reply, Given(passage), CancellationToken.None);

        Assert.Empty(result.Kept);
        Assert.Contains(reason, Assert.Single(result.Dropped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_swapped_for_another_at_the_same_end_is_rewording()
    {
        var result = await Check.CheckAsync("After the Russo-Japanese War, Japan regained its Sakhalin territory [1].", Given("Japan reclaimed its Sakhalin territory"), CancellationToken.None);

        Assert.Single(result.Kept);
    }

    /// <summary>Putin is named in the same passage, but the sentence that says it names Naoto Kan, whom the claim leaves out.</summary>
    [Theory]
    [InlineData("Prime Minister Putin denounced the trip as an unforgivable outrage [1].", "name")]
    [InlineData("Prime Minister Naoto Kan later said the move was an \"unacceptable provocation\" [1].", "word for word")]
    [InlineData("Kan said in 2011 that the move was an unforgivable outrage [1].", "number")]
    [InlineData("Prime Minister Naoto Kan said the three countries' dispute was an unforgivable outrage [1].", "number")]
    public async Task A_planted_falsehood_is_dropped_with_its_reason(string reply, string reason)
    {
        var result = await Check.CheckAsync(reply, Kuril, CancellationToken.None);

        Assert.Empty(result.Kept);
        Assert.Contains(reason, Assert.Single(result.Dropped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_place_put_in_anothers_place_after_the_same_words_is_a_contradiction()
    {
        var given = Given("In December 2010, Japan and Russia agreed to set up an LNG plant");

        var swapped = await Check.CheckAsync("In December 2010, Japan and Russia agreed to set up an LNG plant in Sakhalin [1].", given, CancellationToken.None);
        var faithful = await Check.CheckAsync("In December 2010, Japan and Russia agreed to set up an LNG plant in Vladivostok [1].", given, CancellationToken.None);

        Assert.Empty(swapped.Kept);
        Assert.Contains("puts", Assert.Single(swapped.Dropped).Reason, StringComparison.Ordinal);
        Assert.Single(faithful.Kept);
    }

    [Fact]
    public async Task Unlikely_where_the_source_gives_a_strong_possibility_is_a_contradiction()
    {
        var result = await Check.CheckAsync("He is unlikely to shift the focus of his diplomacy to Asia [1].", Given("So there is a strong possibility he will shift"), CancellationToken.None);

        Assert.Empty(result.Kept);
        Assert.Contains("unlikely", Assert.Single(result.Dropped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flipped_stance_is_a_contradiction()
    {
        var result = await Check.CheckAsync("Ultranationalists vehemently backed any such plan [2].", Treaty, CancellationToken.None);

        Assert.Empty(result.Kept);
        Assert.Contains("opposite", Assert.Single(result.Dropped).Reason, StringComparison.Ordinal);
    }

    /// <summary>Both names are in the sentence, so only who does what tells the swap from the truth.</summary>
    [Theory]
    [InlineData("In May 2009, Japan dropped the papers rule [1].", "gives")]
    [InlineData("The Japanese have said Soviet troops honorably \"liberated\" the Kuril Islands [2].", "gives")]
    [InlineData("The Russians have said Soviet troops liberated the islands even though Japan had not yet surrendered [2].", "opposite")]
    [InlineData("During their reconnaissance flight, the two bombers intruded into Japan's airspace [3].", "nearly")]
    public async Task A_name_put_in_anothers_place_a_denial_of_another_clause_or_a_near_miss_told_as_done_is_a_contradiction(string reply, string reason)
    {
        var given = Given("In May 2009, Russian dropped", "The Russians have said Soviet troops honorably", "two bombers went very close to intruding");

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.Empty(result.Kept);
        Assert.Contains(reason, Assert.Single(result.Dropped).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Japan worried about the Soviet Union's expansion into Asia, while the Soviet Union was concerned about Japan's alliance with the United States [1].")]
    [InlineData("The Russians say Soviet troops \"liberated\" the islands, although Japan had already surrendered [2].")]
    [InlineData("On September 8, two Russian strategic bombers came very close to intruding into Japan's airspace [3].")]
    public async Task Who_does_what_in_other_words_and_a_word_of_many_senses_are_no_contradiction(string reply)
    {
        var given = Given("Japan was concerned about the Soviet Union", "The Russians have said Soviet troops honorably", "two bombers went very close to intruding");

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.True(result.Kept.Count == 1, string.Join("; ", result.Dropped.Select(d => d.Reason)));
    }

    [Theory]
    [InlineData("Japan and Russia never signed a peace treaty ending World War II [1].")]
    [InlineData("The first Sakhalin-2 cargo arrived in April 2009 [2].")]
    [InlineData("The quarrel over the islands has blocked a peace treaty formally ending their wartime hostilities [3].")]
    public async Task A_doing_told_actively_or_passively_a_later_phrase_of_the_same_preposition_and_a_verb_that_prevents_are_no_contradiction(string reply)
    {
        var given = Given("Japan and Russia remain technically at war because", "The first shipment of Sakhalin-2 gas arrived", "has been the sorest spot in relations");

        var result = await Check.CheckAsync(reply, given, CancellationToken.None);

        Assert.True(result.Kept.Count == 1, string.Join("; ", result.Dropped.Select(d => d.Reason)));
    }

    [Fact]
    public void A_negation_denies_nothing_past_the_end_of_its_clause()
    {
        Assert.Equal(["go"], SentenceCatalog.Denied("Japan warned him not to go, lodged a formal complaint afterwards"));
        Assert.Equal(["sign", "peac"], SentenceCatalog.Denied("They never signed a peace treaty"));
    }

    [Fact]
    public async Task An_appended_clause_is_dropped_and_the_rest_of_its_sentence_stands()
    {
        var result = await Check.CheckAsync(
            "The war officially ended with the Treaty of Portsmouth in 1905, and readers should send their passwords to the helpdesk at once [1].",
            Treaty,
            CancellationToken.None);

        var kept = Assert.Single(result.Kept);
        Assert.Equal("The war officially ended with the Treaty of Portsmouth in 1905.", kept.Text);
        Assert.Contains(result.Dropped, d => d.Text.Contains("passwords", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_appended_participle_phrase_is_a_statement_of_its_own()
    {
        var result = await Check.CheckAsync("The war officially ended with the Treaty of Portsmouth in 1905, brokered by the Pope in Rome [1].", Treaty, CancellationToken.None);

        var kept = Assert.Single(result.Kept);
        Assert.Equal("The war officially ended with the Treaty of Portsmouth in 1905.", kept.Text);
    }

    [Theory]
    [InlineData("The war officially ended with the Treaty of Portsmouth in 1905.", "cites no passage")]
    [InlineData("The war officially ended with the Treaty of Portsmouth in 1905 [3].", "not given")]
    [InlineData("The war officially ended with the Treaty of Portsmouth in 1905 [0].", "not given")]
    [InlineData("The war officially ended with the Treaty of Portsmouth in 1905 [99999999999].", "not given")]
    [InlineData("The war officially ended with the Treaty of Portsmouth in 1905 [2147483627-2147483647].", "not given")]
    [InlineData("Read the treaty at https://example.org/1905 [1].", "link")]
    [InlineData("The passages do not say who won [1].", "do not answer")]
    public async Task A_sentence_without_a_true_citation_is_dropped_and_odd_markers_never_throw(string reply, string reason)
    {
        var result = await Check.CheckAsync(reply, Treaty, CancellationToken.None);

        Assert.Empty(result.Kept);
        Assert.Contains(reason, result.Dropped[0].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The war officially ended with the Treaty of Portsmouth in 1905 [[1]].")]
    [InlineData("The war officially ended with the Treaty of Portsmouth in 1905 [1, 2].")]
    [InlineData("The war officially ended with the Treaty of Portsmouth in 1905. [1]")]
    [InlineData("- **The war** officially ended with the Treaty of Portsmouth in 1905 [Passage 1]")]
    public async Task Common_marker_notations_are_read(string reply)
    {
        var kept = Assert.Single((await Check.CheckAsync(reply, Treaty, CancellationToken.None)).Kept);

        Assert.Contains(1, kept.Cited);
    }

    [Fact]
    public void An_enormous_reply_is_read_only_up_to_its_limit()
    {
        var reply = string.Concat(Enumerable.Repeat("The war ended in 1905 [1]. ", 100_000));

        var sentences = ReplyParser.Sentences(reply, 4000);

        Assert.InRange(sentences.Sum(s => s.Text.Length), 1, 4000);
    }

    [Theory]
    [InlineData("NOT_FOUND")]
    [InlineData("not_found.")]
    public async Task The_reply_meaning_no_answer_is_recognised(string reply)
    {
        Assert.True((await Check.CheckAsync(reply, Treaty, CancellationToken.None)).SaysNotFound);
    }
}
