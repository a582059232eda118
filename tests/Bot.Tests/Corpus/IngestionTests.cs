using Bot.Corpus;
using Bot.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Bot.Tests.Corpus;

public sealed class IngestionTests
{
    static readonly string[] Debris =
    [
        "hit counter", "Ads Blocker", "Leave a Comment", "Snack Box", "Code Help Pro", "email address will not be published",
        "Required fields", "Websites and Resources", "Good Websites", "Think Tanks", "Image Source", "Text Sources",
        "Last updated", "copyright", "fair use", "See Energy", "View of Japan and Russia after", "original text",
    ];

    static CorpusSnapshot Load(string folder, FakeLogger<CorpusLoader>? logger = null) =>
        new CorpusLoader(logger ?? new FakeLogger<CorpusLoader>()).Load(folder);

    [Theory]
    [InlineData("Russia also provided 7 per cent in 2010. [Source: Yomiuri Shimbun, January 28, 2012]", "Yomiuri Shimbun, January 28, 2012")]
    [InlineData("The plant opened. [via: Kyodo News]", "Kyodo News")]
    [InlineData("A paragraph that credits no one.", null)]
    public void A_paragraphs_credit_is_read_apart_from_what_it_claims(string text, string? credit)
    {
        Assert.Equal(credit, Sentences.CreditIn(text));
        Assert.DoesNotContain("[", Sentences.WithoutAttributions(text), StringComparison.Ordinal);
    }

    [Fact]
    public void No_passage_of_the_corpus_holds_page_furniture()
    {
        var corpus = Load(Repository.Corpus);

        var texts = corpus.Passages.Select(p => p.Text + " " + p.Heading).ToList();
        foreach (var debris in Debris)
            Assert.DoesNotContain(texts, t => t.Contains(debris, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Content_survives_cleaning_with_its_headings()
    {
        var corpus = Load(Repository.Corpus);

        Assert.Contains(corpus.Passages, p => p.Heading == "The Russo-Japanese War" && p.Text.Contains("Treaty of Portsmouth", StringComparison.Ordinal));
        Assert.Contains(corpus.Passages, p => p.Text.StartsWith("Japan and Russia remain technically at war", StringComparison.Ordinal));
        Assert.Contains(corpus.Passages, p => p.Heading == "Dispute Between Russia and Japan Over the Kuril Islands" && p.Text.Contains("30 islands", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_passage_points_at_its_exact_place_in_the_source_file()
    {
        var corpus = Load(Repository.Corpus);

        foreach (var document in corpus.Documents)
        {
            var file = File.ReadAllText(Path.Combine(Repository.Corpus, document.FileName));
            foreach (var passage in document.Passages)
            {
                var span = file.Substring(passage.Start, passage.Length);
                // Cleaning may drop a generator's note from inside a paragraph; everything else is verbatim.
                var firstWords = passage.Text[..Math.Min(40, passage.Text.Length)];
                Assert.Contains(firstWords, span, StringComparison.Ordinal);
                Assert.Equal(passage.DocumentId, document.Id);
                Assert.Equal($"{document.Id}#{passage.Anchor}", passage.Id);
            }
        }
    }

    [Fact]
    public void A_question_heading_governs_only_the_answer_below_it()
    {
        var corpus = Load(Repository.Corpus);

        var underQuestion = corpus.Passages.Where(p => p.Heading == "Who won Japan vs Russia war?").ToList();
        Assert.Single(underQuestion);
        Assert.StartsWith("Japan emerged as the victor", underQuestion[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_take_their_titles_from_the_metadata_file()
    {
        var corpus = Load(Repository.Corpus);

        Assert.Equal("Are Japan and Russia technically still at war?", corpus.FindDocument("000_0f1aca95a04c116c")!.Title);
        Assert.StartsWith("Japan and Russia", corpus.FindDocument("002_ac2fe3a30c7b523a")!.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rules_clean_another_scraped_page_too()
    {
        const string page = """
            Skip to content
            Home | News | Sport | Weather | Contact

            The Treaty of Shimoda

            The Treaty of Shimoda was signed in 1855 between Russia and Japan. It set the border between the two countries.

            Advertisement

            Share this article on Facebook
            Related posts
            Subscribe to our newsletter for more stories
            Photo credits: Wikimedia Commons
            © 2024 Example News. All rights reserved.
            """;

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        var passage = Assert.Single(document.Passages);
        Assert.Equal("The Treaty of Shimoda", passage.Heading);
        Assert.StartsWith("The Treaty of Shimoda was signed in 1855", passage.Text, StringComparison.Ordinal);
        Assert.Equal("The Treaty of Shimoda", document.Title);
    }

    [Fact]
    public void An_image_credit_line_between_paragraphs_is_furniture_not_the_next_paragraphs_heading()
    {
        const string page = """
            The battle of Shumshu

            A landing force came ashore on 18 August.

            Image: Wikimedia Commons / public domain

            Combat went on for several days before the garrison laid down its arms.
            """;

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.All(document.Passages, p => Assert.DoesNotContain("Wikimedia", $"{p.Heading} {p.Text}", StringComparison.Ordinal));
        Assert.Contains(document.Passages, p => p.Text.StartsWith("Combat went on", StringComparison.Ordinal));
    }

    [Fact]
    public void A_site_banner_a_breadcrumb_a_page_view_counter_a_posted_by_line_and_a_generators_aside_are_furniture()
    {
        const string page = """
            THE HARBOUR REVIEW | Essays on the North Pacific
            Home » Northeast Asia » Japan & Russia
            Page views: 12,345

            Thawed Then Frozen Again: How the Long Road to a Peace Treaty Between Tokyo and Moscow Never Reached Its End

            Posted by the Harbour Review editors in Northeast Asia

            Negotiators met eleven times in two years without agreeing on the islands.

            What the talks left behind

            Both sides kept their embassies open.

            (Shortened for readability; let me know if you would like the full version.)
            """;

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.Equal("Thawed Then Frozen Again: How the Long Road to a Peace Treaty Between Tokyo and Moscow Never Reached Its End", document.Title);
        Assert.Equal(["Negotiators met eleven times in two years without agreeing on the islands.", "Both sides kept their embassies open."], document.Passages.Select(p => p.Text));
        Assert.All(document.Passages, p => Assert.DoesNotContain("Posted", p.Heading ?? "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Join our newsletter! Enter your email address below to get new posts every Friday. Subscribe")]
    [InlineData("Get our weekly briefing. Enter your email address and press Subscribe.")]
    [InlineData("Comments are moderated before they appear. Your email will not be shown publicly. Name * Email * Comment *")]
    [InlineData("Join AskHistory to ask questions, post answers and earn reputation. Sign up with Google | Sign up with email")]
    [InlineData("I hope this article meets your needs; let me know if you would like a shorter version.")]
    [InlineData("Site design / logo © 2024 AskHistory Q&A; user contributions licensed under CC BY-SA.")]
    [InlineData("▲ 31")]
    [InlineData("288 ● 3")]
    [InlineData("Asked 2 years, 1 month ago · Modified 9 months ago · Viewed 6k times")]
    [InlineData("Add a comment")]
    [InlineData("Not the answer you're looking for? Browse other questions tagged japan russia or ask your own question.")]
    [InlineData("Our Standards: The Newswire Trust Code.")]
    [InlineData("NorthSea Notes - history, travel and politics of eastern Hokkaido | 37,412 page views")]
    [InlineData("● LIVE")]
    [InlineData("09:41 GMT")]
    [InlineData("Updated 12 minutes ago")]
    [InlineData("Show key events only")]
    [InlineData("Please turn on JavaScript. Media requires JavaScript to play.")]
    [InlineData("Refresh the page for the latest updates")]
    [InlineData("Live reporting by Clare Whitfield and Daniel Osei")]
    [InlineData("You are reading 1 of 3 free articles this month. Subscribe for unlimited access.")]
    [InlineData("Listen: Episode 214 of the Past Tense podcast, out now wherever you get your podcasts.")]
    [InlineData("Test your knowledge: 5 questions on the Russo-Japanese War. Start quiz | 0 of 5 answered")]
    [InlineData("Sources and further reading: Raymond A. Esthus, Double Eagle and Rising Sun ; Eugene P. Trani, The Treaty of Portsmouth")]
    [InlineData("About the author: Eleanor Marsh is a freelance historian who writes about diplomacy and naval warfare.")]
    [InlineData("Posted in Diplomatic History, North Pacific")]
    [InlineData("Filed under Japan, Russia, Treaties")]
    public void Sign_up_boxes_comment_forms_forum_counters_a_generators_sign_off_and_a_copyright_line_are_furniture(string debris)
    {
        // Before the content, where a short line would otherwise become the heading every citation of it shows.
        var page = $"The Islands\n\n{debris}\n\nBoth sides kept their embassies open.\n";

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        var passage = Assert.Single(document.Passages);
        Assert.Equal("Both sides kept their embassies open.", passage.Text);
        Assert.NotEqual(debris, passage.Heading);
    }

    [Fact]
    public void A_byline_of_a_name_alone_is_not_taken_for_the_title()
    {
        const string page = "Peace at Portsmouth: How Roosevelt Brokered the End of the War\n\nBy Eleanor Marsh\n\nOn 5 September 1905 the envoys signed the treaty.\n";

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.Equal("Peace at Portsmouth: How Roosevelt Brokered the End of the War", document.Title);
        Assert.All(document.Passages, p => Assert.DoesNotContain("Eleanor", $"{p.Heading} {p.Text}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_is_titled_by_the_opening_line_most_about_what_it_says_not_by_the_sites_name_or_a_reading_time()
    {
        const string page = """
            Harbour Review

            Peace at Portsmouth: How Roosevelt Brokered the End of the War

            5 min read

            On 5 September 1905 the envoys signed the treaty at Portsmouth, ending the war that Roosevelt had brokered.
            """;

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.Equal("Peace at Portsmouth: How Roosevelt Brokered the End of the War", document.Title);
    }

    [Fact]
    public void An_encyclopedia_page_keeps_its_article_and_loses_its_navigation_marks_and_back_matter()
    {
        const string page = """
            Japan–Soviet Union territorial dispute (1956–1991)

            From OpenHistoria, the free encyclopedia

            Jump to navigation Jump to search

            This article needs additional citations for verification. Please help improve this article by adding citations to reliable sources.

            The dispute over the southern Kurils remained unresolved throughout the Cold War.[1]

            "No territorial problem exists"[edit]

            From the early 1960s the Soviet line hardened.[2][citation needed]

            Sure! Here is a more engaging version of the next section:

            See also[edit]

            Kuril Islands dispute

            References[edit]

            1. ^ "The Northern Territories question". OpenHistoria Archive. Retrieved 3 March 2019.

            External links[edit]

            Northern Territories issue – Ministry of Foreign Affairs of Japan | Text of the 1956 Joint Declaration

            Retrieved from "https://www.openhistoria.org/w/index.php?title=Dispute"

            This page was last edited on 14 November 2022, at 09:41 (UTC).
            """;

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.Equal("Japan–Soviet Union territorial dispute (1956–1991)", document.Title);
        Assert.Equal(
            ["The dispute over the southern Kurils remained unresolved throughout the Cold War.", "From the early 1960s the Soviet line hardened."],
            document.Passages.Select(p => p.Text));
        Assert.Equal("\"No territorial problem exists\"", document.Passages[1].Heading);
    }

    [Fact]
    public void An_encyclopedia_page_reads_its_infobox_as_statements_and_drops_its_menus_notes_to_other_pages_and_appeals()
    {
        const string page = "Main menu\n" +
            "Jump to navigation\n" +
            "Please don't skip this 1-minute read. This Sunday we humbly ask you to support Openwiki's independence. Most readers don't give, but if everyone reading this gave just $2.75, we could keep Openwiki online and ad-free for another year.\n" +
            "Treaty of Saint Petersburg (1875)\n" +
            "Languages\n" +
            "Edit links\n" +
            "For other treaties signed in the city, see Treaty of Saint Petersburg (disambiguation).\n" +
            "Not to be confused with the Treaty of Shimoda or the Treaty of Portsmouth.\n" +
            "Signed\t7 May 1875 (25 April Old Style)\n" +
            "Signatories\tEnomoto Takeaki (Japan); Alexander Gorchakov (Russia)\n" +
            "The Treaty of Saint Petersburg of 1875 was an agreement between the Empire of Japan and the Russian Empire that settled their northern border.[1]\n" +
            "Later history[edit]\n" +
            "Main article: Treaty of Portsmouth\n" +
            "After the Russo-Japanese War, the Treaty of Portsmouth of 1905 gave Japan the part of Sakhalin south of the 50th parallel.\n" +
            "Text is available under the Creative Commons Attribution-ShareAlike License 4.0; additional terms may apply. By using this site, you agree to the Terms of Use and Privacy Policy.\n";

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.Equal("Treaty of Saint Petersburg (1875)", document.Title);
        Assert.Equal(
            [
                "Signed: 7 May 1875 (25 April Old Style).",
                "Signatories: Enomoto Takeaki (Japan); Alexander Gorchakov (Russia).",
                "The Treaty of Saint Petersburg of 1875 was an agreement between the Empire of Japan and the Russian Empire that settled their northern border.",
                "After the Russo-Japanese War, the Treaty of Portsmouth of 1905 gave Japan the part of Sakhalin south of the 50th parallel.",
            ],
            document.Passages.Select(p => p.Text));
        Assert.Equal("Later history", document.Passages[3].Heading);
    }

    [Fact]
    public void A_report_taken_from_a_pdf_keeps_its_prose_and_loses_its_page_furniture_and_its_broken_words_are_whole()
    {
        const string page = """
            CONFIDENTIAL DRAFT – NOT FOR CIRCULATION

            Briefing No. 14 | March 2024

            Staying In: Japan's Energy Ties with Russia

            Contents
            1. Background .................................. 2
            2. The decrees .................................. 3

            Page 1 of 3

            Briefing No. 14 | March 2024

            1. Background

            Japan kept its stakes in the Sakhalin projects after 2022, and the argu-
            ment about it has not gone away.

            Figure 2: LNG imports by source, 2021–2023 (Source: Ministry of Finance)

            5 Presidential Decree No. 416 of 30 June 2022.

            Page 2 of 3

            Briefing No. 14 | March 2024

            2. The decrees

            1956 was the year of the declaration, and Japan's energy ties with Russia came much later.

            The views expressed are those of the authors and do not reflect the positions of the institute.
            """;

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.Equal("Staying In: Japan's Energy Ties with Russia", document.Title);
        Assert.Equal(
            ["Japan kept its stakes in the Sakhalin projects after 2022, and the argument about it has not gone away.", "1956 was the year of the declaration, and Japan's energy ties with Russia came much later."],
            document.Passages.Select(p => p.Text));
    }

    [Fact]
    public void A_live_blog_is_titled_by_its_headline_not_by_its_badge()
    {
        const string page = """
            Medvedev visits disputed Kuril island as Japan protests – live updates

            ● LIVE

            Key events

            Summary

            Russian President Dmitry Medvedev visited Kunashiri on Monday, the first trip by a Russian leader to the disputed islands, and Japan protests.
            """;

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.Equal("Medvedev visits disputed Kuril island as Japan protests – live updates", document.Title);
    }

    [Fact]
    public void A_page_whose_opening_line_shares_no_word_with_it_is_titled_by_its_file_name_not_by_that_line()
    {
        const string paragraph = "The dispute over the southern Kurils remained unresolved for decades after the war. Moscow held the four islands "
            + "and Tokyo claimed them, and every summit between the two governments returned to the same question of sovereignty, "
            + "fishing rights, former residents and their graves, and what a peace treaty would have to say about the border.";
        var page = $"Home Menu Search\n\n{paragraph}\n";

        var document = CorpusLoader.BuildDocument("kuril_dispute", "kuril_dispute.txt", null, page);

        Assert.Equal("kuril dispute", document.Title);
        Assert.Equal([paragraph], document.Passages.Select(p => p.Text));
    }

    [Theory]
    [InlineData("On a clear morning at Cape Nosappu you can see the low grey outline of the islands.")]
    [InlineData("Russia refused to sign up to the agreement.")]
    [InlineData("@volga_ferryman that isn't right: the visits stopped in 2020.")]
    // A widget's words inside the article's own sentences.
    [InlineData("Construction of the huge pipeline is a national project promoted by Prime Minister Vladimir Putin as an embodiment of his Asian strategy.")]
    [InlineData("Visitors who want to learn more about the war can see the treaty table in the museum.")]
    [InlineData("Published in 1905, the treaty's text ran to fifteen articles.")]
    [InlineData("Hokkaido cooperatives hold the licensing rights for the kelp beds.")]
    [InlineData("This poll found that most voters in Nemuro wanted the visits to resume.")]
    public void A_sentence_that_speaks_to_the_reader_without_an_order_is_not_furniture(string sentence)
    {
        var page = $"The Islands\n\n{sentence}\n";

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.Equal([sentence], document.Passages.Select(p => p.Text));
    }

    [Fact]
    public void A_forum_thread_keeps_its_answers_and_loses_the_posters_bylines_the_votes_a_promoted_post_and_the_sidebar()
    {
        const string page = """
            AskThePast - in-depth answers to your history questions
            Home | Popular | Topics | Log In | Sign Up
            Posted by u/steppe_wanderer_88 · 2 days ago
            What happened at Nomonhan in 1939, and who won?
            I keep reading about a forgotten battle in Mongolia and would like to know who won it.
            ▲ 2.4k ▼
            186 comments
            Share | Save | Report
            Sort by: Best
            u/KwantungArchivist · Flair: Imperial Japan | Manchukuo · 2d ago
            ▲ 1.2k ▼
            The Soviet and Mongolian forces under Zhukov encircled the Japanese division in late August 1939.
            Reply | Share | Report | Save
            Promoted · u/GobiJeepTours
            Ride the battlefields of eastern Mongolia on an eight-day jeep tour from Ulaanbaatar, small groups only.
            Learn more
            u/BT7_enjoyer · Flair: Interwar Armour · 1d ago
            The ceasefire was signed in Moscow on 15 September 1939.
            Continue this thread →
            About Community
            AskThePast is a place for in-depth, sourced answers to questions about history. 1.9m members · 2.1k online
            Rules
            1. Answers must be in-depth and comprehensive.
            2. Be civil. No present-day politics.
            """;

        var document = CorpusLoader.BuildDocument("forum", "forum.txt", null, page);

        Assert.Equal(
            [
                "I keep reading about a forgotten battle in Mongolia and would like to know who won it.",
                "The Soviet and Mongolian forces under Zhukov encircled the Japanese division in late August 1939.",
                "The ceasefire was signed in Moscow on 15 September 1939.",
            ],
            document.Passages.Select(p => p.Text));
        Assert.All(document.Passages, p => Assert.True(string.IsNullOrEmpty(p.Heading) || p.Heading == "What happened at Nomonhan in 1939, and who won?", p.Heading));
    }

    [Fact]
    public void A_podcasts_page_keeps_its_notes_and_transcript_and_loses_the_sponsor_the_appeals_and_the_listeners_comments()
    {
        const string page = """
            Borderlines | The history podcast about the deals that drew the map
            Episode 143: Neutral Until It Wasn't
            Show notes
            In April 1941 Japan and the Soviet Union agreed to stay out of each other's wars.
            This episode is brought to you by Atlas & Ink. Visit atlasandink.com and use code HISTORY20 for 20% off your first print.
            Partial transcript
            GUEST: The pact was to last five years, and it would renew itself automatically unless one side gave notice.
            The full transcript is available to Patreon supporters.
            Support the show on Patreon
            Borderlines is listener-funded. For $5 a month you get ad-free episodes and a bonus episode every month.
            Get the Borderlines newsletter
            One email a week with new episodes and reading lists. No spam, unsubscribe any time.
            Learn Japanese in ten minutes a day. Try Kotoba Pro free for 14 days >
            Comments (2)
            historynerd_88 · 15 April 2025
            Small correction: the pact was for ten years, not five, which is why the Soviets had to break it early.
            3 likes · Reply
            Olga_in_Omsk · 16 April 2025
            As a Russian listener I appreciated that you gave both sides of the story.
            Borderlines is an independent production. Music by Lumen Audio.
            """;

        var document = CorpusLoader.BuildDocument("podcast", "podcast.txt", null, page);

        Assert.Equal(
            [
                "In April 1941 Japan and the Soviet Union agreed to stay out of each other's wars.",
                "GUEST: The pact was to last five years, and it would renew itself automatically unless one side gave notice.",
            ],
            document.Passages.Select(p => p.Text));
    }

    [Fact]
    public void A_question_and_answer_page_keeps_its_answers_and_loses_the_answerers_credits_the_related_questions_and_the_sign_in_wall()
    {
        const string page = """
            Querri
            Home | Following | Answer | Spaces | Search Querri
            History of Japan · Cold War · International Law
            Why did the Soviet Union not sign the 1951 San Francisco Peace Treaty?
            Sort: Most relevant
            Answered by Hiroshi Tanabe, former diplomat · Updated Mar 3
            In the end 49 countries signed the treaty on 8 September 1951, but the Soviet Union refused.
            Upvote · 1.2K | Share | Comments 41
            Sponsored by Hokkaido Snow Tours
            Powder season is here. Small-group ski trips to Niseko and Furano, flights from 12 cities included.
            Learn more >
            Related questions
            Is Japan still technically at war with Russia?
            What was agreed at the Yalta Conference about Japan?
            More answers below
            Answered by Margaret Ellison, taught East Asian history for 30 years · Updated Jan 19
            Gromyko spelled the objections out at length, so we don't have to guess.
            View all 27 comments
            Related question: Did Stalin plan to land on Hokkaido in 1945?
            It's one of the great what-ifs of the summer of 1945, and the answer depends on which archive you trust...
            Continue reading
            Answered by Pavel Sokolov, lives in Vladivostok, Russia · Dec 2, 2024
            Only 48 countries signed it, and the three Eastern Bloc delegations that were present did not.
            Sign in to see more answers
            Join Querri to read 1 more answer and follow this question.
            Continue with Google
            By continuing you indicate that you agree to Querri's Terms of Service and Privacy Policy.
            """;

        var document = CorpusLoader.BuildDocument("answers", "answers.txt", null, page);

        Assert.Equal(
            [
                "In the end 49 countries signed the treaty on 8 September 1951, but the Soviet Union refused.",
                "Gromyko spelled the objections out at length, so we don't have to guess.",
                "Only 48 countries signed it, and the three Eastern Bloc delegations that were present did not.",
            ],
            document.Passages.Select(p => p.Text));
        Assert.All(document.Passages, p => Assert.True(string.IsNullOrEmpty(p.Heading) || p.Heading.StartsWith("Why did the Soviet Union", StringComparison.Ordinal), p.Heading));
    }

    [Fact]
    public void A_video_page_keeps_its_transcript_is_titled_by_its_video_and_loses_the_channels_plugs_and_the_comments()
    {
        const string page = """
            ClipVault
            Search ClipVault
            Home | Shorts | Subscriptions | Library | History
            August Storm: The Soviet Invasion of Manchuria, 1945 | How Japan's Empire Collapsed in 11 Days | Full Documentary
            Iron Meridian History
            2,418,903 views  9 Aug 2023
            On 9 August 1945 more than 1.5 million Soviet troops crossed into Japanese-held Manchuria from three directions.
            Chapters:
            0:00 Intro
            3:42 The plan
            Support the channel on Patreon: patreon.com/ironmeridianhistory
            Maps, posters and mugs: ironmeridian.store
            Show less
            Transcript
            Search in video
            0:00
            Just after midnight on the 9th of August 1945, the Soviet Union attacked Japan's puppet state in Manchuria.
            3:42
            Overall command went to Marshal Aleksandr Vasilevsky, the former chief of the Soviet General Staff.
            Thanks for watching, and if you enjoyed this one, hit subscribe so you don't miss our next documentary.
            4,812 Comments
            Pinned by Iron Meridian History
            @kantai_grandson 2 years ago
            People forget the Soviets only declared war after Hirohito's surrender speech on the 15th.
            2.3K | Reply
            """;

        var document = CorpusLoader.BuildDocument("video", "video.txt", null, page);

        Assert.Equal("August Storm: The Soviet Invasion of Manchuria, 1945 | How Japan's Empire Collapsed in 11 Days | Full Documentary", document.Title);
        Assert.Equal(
            [
                "On 9 August 1945 more than 1.5 million Soviet troops crossed into Japanese-held Manchuria from three directions.",
                "Just after midnight on the 9th of August 1945, the Soviet Union attacked Japan's puppet state in Manchuria.",
                "Overall command went to Marshal Aleksandr Vasilevsky, the former chief of the Soviet General Staff.",
            ],
            document.Passages.Select(p => p.Text));
    }

    [Fact]
    public void A_newsletter_post_is_titled_by_its_post_not_by_the_newsletters_name_and_motto_and_loses_its_appeals_and_discussion()
    {
        const string page = """
            Far East Fuel Notes | LNG, pipelines and power in Northeast Asia, from someone who actually reads the customs data
            Subscribe | Sign in
            Discover more from Far East Fuel Notes
            Weekly notes on Japanese, Korean and Chinese energy imports. Over 6,000 subscribers

            Sakhalin-2, three and a half years after the takeover
            Jan 22, 2026
            Like 214 | Comment 37 | Restack | Share

            On 30 June 2022 Vladimir Putin signed a decree ordering that the project's rights and assets be handed to a new Russian operator.

            Thanks for reading Far East Fuel Notes! Subscribe for free to receive new posts and support my work.

            Mitsui kept its 12.5 per cent stake in Sakhalin-2 and Mitsubishi its 10 per cent.

            Discussion about this post
            Write a comment...
            Mariko T.
            Jan 23
            Hiroshima reader here. Nobody in town talks about where the gas comes from until the bill arrives.
            35 more comments...
            """;

        var document = CorpusLoader.BuildDocument("newsletter", "newsletter.txt", null, page);

        Assert.Equal("Sakhalin-2, three and a half years after the takeover", document.Title);
        Assert.Equal(
            [
                "On 30 June 2022 Vladimir Putin signed a decree ordering that the project's rights and assets be handed to a new Russian operator.",
                "Mitsui kept its 12.5 per cent stake in Sakhalin-2 and Mitsubishi its 10 per cent.",
            ],
            document.Passages.Select(p => p.Text));
    }

    [Fact]
    public void A_page_is_titled_by_its_title_line_and_its_byline_is_furniture()
    {
        const string page = """
            ENERGY & MARKETS DAILY | Asia Edition | Commodities | Policy | Sign in

            Sakhalin's Gas Still Flows South: Why Japan Stayed in Russia's Far East Energy Projects

            By the Energy Desk | Last updated 14 March 2024, 06:10 JST

            When Shell and ExxonMobil walked away from their Russian ventures, their Japanese partners did not follow.

            Two projects born in the 1990s

            By 1996 both projects had production-sharing agreements.
            """;

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", null, page);

        Assert.Equal("Sakhalin's Gas Still Flows South: Why Japan Stayed in Russia's Far East Energy Projects", document.Title);
        Assert.Equal(2, document.Passages.Count);
        Assert.Null(document.Passages[0].Heading);
        Assert.StartsWith("When Shell and ExxonMobil", document.Passages[0].Text, StringComparison.Ordinal);
        Assert.Equal("Two projects born in the 1990s", document.Passages[1].Heading);
        // A sentence that opens with "By" and a year is the article's, not a byline.
        Assert.StartsWith("By 1996 both projects", document.Passages[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(document.Passages, p => p.Text.Contains("Last updated", StringComparison.Ordinal));
    }

    [Fact]
    public void A_newspapers_long_read_loses_its_ad_breaks_related_links_ruled_off_sign_up_box_and_author_blurb_and_none_of_them_heads_a_paragraph()
    {
        const string page = """
            Skip to main content
            North Shore Herald | Otaru · Sapporo · Shiribeshi
            The war Japan forgot: what the Siberian Intervention left behind
            By Naomi Sakurai, Features Writer

            A century ago tens of thousands of Japanese soldiers marched into the Russian Far East.

            ADVERTISEMENT
            Fresh sea urchin, delivered to your door. Order by Thursday for weekend delivery
            Continue reading below

            In July 1918 Wilson proposed a limited joint operation.

            RELATED ARTICLES
            - Why Japan and Russia never signed a peace treaty
            - Photo gallery: Otaru canal in the snow

            By early 1920 the Allied project had collapsed.

            -------------------------------------------
            THE WEEKEND LONG READ
            Get our best features in your inbox every Saturday morning.
            Enter your email address [          ] Sign up
            -------------------------------------------

            What followed was a reign of terror.

            ADVERTISEMENT
            Otaru Glass Festival 2020 - tickets on sale now. Book online and save 10%

            Russian memory runs along a different track.

            Advertisement

            The last soldiers sailed on 25 October 1922.

            Naomi Sakurai writes about history for the North Shore Herald. Got a story? Email features@northshoreherald.jp
            """;

        var document = CorpusLoader.BuildDocument("long-read", "long-read.txt", null, page);

        Assert.Equal(
            [
                "A century ago tens of thousands of Japanese soldiers marched into the Russian Far East.",
                "In July 1918 Wilson proposed a limited joint operation.",
                "By early 1920 the Allied project had collapsed.",
                "What followed was a reign of terror.",
                "Russian memory runs along a different track.",
                // A label with a blank line under it introduced a picture; what follows is the article's again.
                "The last soldiers sailed on 25 October 1922.",
            ],
            document.Passages.Select(p => p.Text));
        Assert.All(document.Passages, p => Assert.True(p.Heading is null || p.Heading == document.Title, p.Heading));
    }

    [Fact]
    public void A_blogs_breadcrumb_search_box_share_buttons_and_readers_comments_under_a_count_are_furniture()
    {
        const string page = """
            NEMURO COASTAL FISHERIES COUNCIL
            Search this site...
            Kombu Notes > Policy & Access > Sixty years at the edge of the line: the Kaigara kelp harvest
            Sixty years at the edge of the line: the Kaigara kelp harvest and the deals that keep it alive
            Share: [Facebook] [X] [LINE] [Email] [Print]

            Every June a small fleet leaves the harbour at Habomai for the kelp harvest at Kaigara Island.

            For the 2023 season the association agreed a total of about 121 million yen.

            5 Comments
            K. Watanabe | 15 September 2023 at 12:55
            Paying 121 million yen to Russia while they bomb Ukraine. I understand the fishermen but it is hard to accept.
            Reply
            """;

        var document = CorpusLoader.BuildDocument("blog", "blog.txt", null, page);

        Assert.Equal(
            [
                "Every June a small fleet leaves the harbour at Habomai for the kelp harvest at Kaigara Island.",
                "For the 2023 season the association agreed a total of about 121 million yen.",
            ],
            document.Passages.Select(p => p.Text));
        Assert.Equal("Sixty years at the edge of the line: the Kaigara kelp harvest and the deals that keep it alive", document.Title);
    }

    [Fact]
    public void A_paragraph_after_two_blank_lines_stands_under_no_heading()
    {
        const string page = "The Treaty of Shimoda\n\nThe Treaty of Shimoda was signed in 1855 between Russia and Japan.\n\n\nSo the border was settled for a time, and the story went on.\n";

        var document = CorpusLoader.BuildDocument("sample", "sample.txt", "Sample", page);

        Assert.Equal(["The Treaty of Shimoda", null], document.Passages.Select(p => p.Heading));
    }

    [Fact]
    public void Without_a_metadata_file_the_topic_is_made_from_the_documents_titles()
    {
        using var folder = TempFolder.WithCorpusCopy();
        File.Delete(folder.File("metadata.json"));

        var corpus = Load(folder.Path, new FakeLogger<CorpusLoader>());

        Assert.Contains(corpus.Documents[0].Title.TrimEnd('?'), corpus.Metadata.Topic, StringComparison.Ordinal);
        Assert.Contains(corpus.Documents[1].Title.TrimEnd('?'), corpus.Metadata.Topic, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_files_are_skipped_with_a_logged_reason_and_the_rest_load()
    {
        using var folder = TempFolder.WithCorpusCopy();
        File.WriteAllBytes(folder.File("empty.txt"), []);
        File.WriteAllBytes(folder.File("binary.txt"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02]);
        File.WriteAllBytes(folder.File("latin1.txt"), [0x43, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x6F, 0x69, 0x72]);
        File.WriteAllText(folder.File("blank.md"), "   \n\n  ");
        var logger = new FakeLogger<CorpusLoader>();

        var corpus = Load(folder.Path, logger);

        Assert.Equal(2, corpus.Documents.Count);
        var warnings = logger.Collector.GetSnapshot().Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, w => w.Contains("empty.txt", StringComparison.Ordinal) && w.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("binary.txt", StringComparison.Ordinal) && w.Contains("binary", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("latin1.txt", StringComparison.Ordinal) && w.Contains("UTF-8", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("blank.md", StringComparison.Ordinal));
    }

    [Fact]
    public void Adding_a_markdown_file_adds_a_document_and_changes_the_content_hash()
    {
        using var folder = TempFolder.WithCorpusCopy();
        var before = Load(folder.Path);
        File.WriteAllText(folder.File("notes.md"), "Notes on Sakhalin\n\nSakhalin Island lies north of Hokkaido and is governed by Russia.\n");

        var after = Load(folder.Path);

        Assert.Equal(3, after.Documents.Count);
        Assert.Equal("Notes on Sakhalin", after.FindDocument("notes")!.Title);
        Assert.NotEqual(before.ContentHash, after.ContentHash);
    }

    [Fact]
    public void An_explainers_citation_box_events_box_and_download_prompt_are_furniture()
    {
        const string page = """
            Two islands, one declaration

            Singapore, November 2018

            On 14 November 2018 the two leaders met in Singapore and agreed to speed up talks on the basis of the 1956 declaration.

            The 2020 amendment

            In July 2020 Russia amended its constitution to forbid giving up any of its territory.

            Cite this page
            Arkwright, H. (2025) "Two islands, one declaration". CPSS Explainer No. 41. Northgate University.
            Copy citation | Download .ris | Download BibTeX

            Found this useful? Download the full explainer with maps and a timeline (PDF, 6 pages).

            Upcoming events at CPSS
            Upcoming webinar: "After Abe: is there any road back to Japan-Russia talks?"
            Register now
            """;

        var document = CorpusLoader.BuildDocument("explainer", "explainer.txt", null, page);

        var text = string.Join("\n", document.Passages.Select(p => $"{p.Heading}: {p.Text}"));
        Assert.Contains("speed up talks", text, StringComparison.Ordinal);
        Assert.Contains("forbid giving up", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Arkwright", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Found this useful", text, StringComparison.Ordinal);
        Assert.DoesNotContain("webinar", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Japan halted the aid to the islands. there concerns that Russia might scrap the visits.", 2)]
    [InlineData("On Sept. 8, two bombers flew around Japan.", 1)]
    [InlineData("The U.S. forces there stayed.", 1)]
    public void A_sentence_ends_where_scraped_text_lost_the_capital_of_the_next(string text, int sentences)
    {
        Assert.Equal(sentences, Sentences.Split(text).Count);
    }
}
