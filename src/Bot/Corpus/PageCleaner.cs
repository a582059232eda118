using System.Text.RegularExpressions;

namespace Bot.Corpus;

/// <summary>
/// Separates an article from the page it was scraped from. Scraped text carries widgets, ad captions,
/// link lists, comment forms, credits and legal notices; none of it may ever be quoted. The rules look at
/// the shape of a line (length, punctuation, list separators, what follows it) and at phrases that page
/// furniture uses on any site, so they carry over to other scraped pages.
/// </summary>
public static partial class PageCleaner
{
    const int MaxHeadingWords = 14;

    public static CleanPage Clean(string text)
    {
        var lines = SplitLines(text);
        // A line a page repeats three times or more is a running header or footer of the document it was
        // extracted from ("Energy Security Briefing No. 14 | March 2024"), not something it says three times.
        var repeated = lines.GroupBy(l => l.Text, StringComparer.Ordinal).Where(g => g.Count() >= 3 && CountWords(g.Key) <= 15).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var kept = new List<(Line Line, bool IsHeading)>();
        var inBackMatter = false;
        var seenParagraph = false;
        var inComments = false;
        var inSiteSection = false;
        var titleLines = new List<string>();
        var afterPromotion = false;
        var afterAdLabel = false;
        var authors = Authors(lines);
        // How much prose the page holds, so that a comment section can be told from a forum thread's answers: one
        // trails an article that has said most of what it has to say; the other is most of what the page says.
        var proseWords = lines.Where(l => !LooksLikeHeading(l.Text) && !IsFurniture(l.Text) && !IsLinkList(l.Text)).Sum(l => CountWords(l.Text));
        var proseWordsSeen = 0;

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            // "ADVERTISEMENT" on a line of its own, the advertisement right under it ("Otaru Glass Festival 2020 -
            // tickets on sale now"), whatever its shape; a paragraph after a blank line, or a long one, is the page's
            // again, the advertisement having been a picture the scrape left out.
            if (afterAdLabel)
            {
                afterAdLabel = false;
                // A news ticker ("BREAKING" / "Ukraine says talks ... • Fed's Powell says ...") runs as long as it runs.
                if (Touching(text, lines[i - 1], line) && (CountWords(line.Text) <= MaxAdWords || TickerLabel().IsMatch(lines[i - 1].Text)))
                    continue;
            }
            if (AdLabel().IsMatch(line.Text))
            {
                afterAdLabel = true;
                continue;
            }
            if (IsPullQuote(line.Text, text) || (CountWords(line.Text) <= MaxBioWords && authors.Any(a => AboutAuthor(line.Text, a))))
                continue;
            // "READ MORE:" / "Japan freezes assets of Russian central bank" / "Explainer: Why Russia and Japan never
            // signed a WW2 peace treaty": the headlines right under a label are links, the last one no heading of the
            // paragraph after them.
            if (IsListLabel(line.Text))
            {
                while (i + 1 < lines.Count && Touching(text, lines[i], lines[i + 1]) && CountWords(lines[i + 1].Text) <= MaxHeadingWords + 6)
                    i++;
                continue;
            }
            // A box ruled off from the article ("-----" / "THE WEEKEND LONG READ" / "Get our best features in your
            // inbox" / "Enter your email address" / "-----") that holds nothing but its title and furniture is the
            // site's, title and all: left in, its title would head the paragraph after the box.
            if (BoxEnd(lines, i) is { } boxEnd)
            {
                i = boxEnd;
                continue;
            }
            // "Promoted · u/GobiJeepTours", "Sponsored by Atlas & Ink": a caption naming who paid for what follows it.
            if (PromotionCaption().IsMatch(line.Text))
            {
                afterPromotion = true;
                continue;
            }
            // A poster's byline ("Answered by Hiroshi Tanabe, former diplomat · Updated Mar 3") opens their post,
            // which is the page's again after a box of related questions between two answers.
            if (Byline().IsMatch(line.Text))
                inSiteSection = false;
            // What the caption introduces is the advertisement, whatever shape it has.
            if (afterPromotion)
            {
                afterPromotion = false;
                // After a blank line, a long paragraph is the article's again ("Ad by NexaRate", then the battle).
                if (!LooksLikeHeading(line.Text) && (Touching(text, lines[i - 1], line) || CountWords(line.Text) <= MaxAdWords))
                    continue;
            }
            // A video's title is often parts joined by '|' ("August Storm: ... | How Japan's Empire Collapsed in 11
            // Days | Full Documentary"), as a menu is: before the page says anything, one of long parts may title it.
            if (!seenParagraph && IsLinkList(line.Text) && !Breadcrumb().IsMatch(line.Text) && LinkItems(line.Text).Average(CountWords) >= 4)
                titleLines.Add(line.Text);
            // A box a page repeats ("Related questions" between every two answers) still ends where it ends.
            // "5 Comments" is shaped like a footnote, and opens the readers' comments all the same.
            if ((IsFurniture(line.Text) && !CommentsHeading().IsMatch(line.Text)) || IsLinkList(line.Text) || (repeated.Contains(line.Text) && !SiteSectionHeading().IsMatch(line.Text)))
                continue;
            // A site's name on the page's first line, with its menu under it ("AskThePast - answers to your history
            // questions" / "Home | Popular | Topics"), or a name of a word or two over its search box ("ClipVault" /
            // "Search ClipVault"); a longer line over furniture may be the title ("From OpenHistoria, the free encyclopedia").
            if (i == 0 && i + 1 < lines.Count && LooksLikeHeading(line.Text)
                && (IsLinkList(lines[i + 1].Text) || (CountWords(line.Text) <= 2 && IsFurniture(lines[i + 1].Text))))
                continue;
            // A word broken at a line's end by a hyphen ("the argu-" / "ment has not gone away"), as text taken
            // from a PDF has it, is one word again.
            while (BrokenWord().IsMatch(line.Text) && i + 1 < lines.Count && lines[i + 1].Start - line.End <= 1 && lines[i + 1].Text.Length > 0 && char.IsLower(lines[i + 1].Text[0]))
                line = new Line(line.Text[..^1] + lines[++i].Text, line.Start, lines[i].End);

            // A caption broken over two lines ("View of Japan and Russia after" / "Russo-Japanese War in 1905"):
            // a short line that ends mid-phrase is a fragment, and so is the short line that completes it.
            if (LooksLikeHeading(line.Text) && EndsMidPhrase(line.Text))
            {
                if (i + 1 < lines.Count && LooksLikeHeading(lines[i + 1].Text) && lines[i + 1].Start - line.End <= 2)
                    i++;
                continue;
            }

            var cleaned = RemoveLeftovers(InfoboxRow(line.Text));
            if (cleaned.Length == 0)
                continue;
            var isHeading = LooksLikeHeading(cleaned);
            // An encyclopedia's back matter ("References", "External links", "See also") lists other pages and
            // sources, down to the next heading; none of it is the article's. It comes after the article has begun.
            if (isHeading)
            {
                inBackMatter = seenParagraph && BackMatterHeading().IsMatch(cleaned);
                // A site's own box (its rules, a newsletter, "Related questions") lists short lines, headings to look
                // at; it ends at a heading with prose under it, or at a byline.
                if (inSiteSection && StartsProse(lines, i + 1))
                {
                    inSiteSection = false;
                    // "- Photo gallery: Otaru canal in the snow", the last of a box's list of links, right before the
                    // article goes on: an item of a list, not the heading of the paragraph after it.
                    if (ListItem().IsMatch(cleaned))
                        continue;
                }
                inSiteSection |= seenParagraph && SiteSectionHeading().IsMatch(cleaned) && ProseUnder(lines, i + 1) <= MaxBoxWords;
            }
            // Readers' comments under an article ("Comments (4)") run to the page's end, each under its own byline,
            // and are not what the page says, however sure of themselves they sound.
            // "47 thoughts on “Nemuro and Cape Nosappu”" ends on a quotation mark, and heads them all the same.
            if ((isHeading || CountWords(cleaned) <= MaxHeadingWords + 6) && CommentsHeading().IsMatch(cleaned))
            {
                // Early on, "186 comments" is a counter under a forum's question, and heads nothing.
                inComments = proseWordsSeen * 2 >= proseWords;
                continue;
            }
            if (inBackMatter || inSiteSection || inComments)
                continue;
            seenParagraph |= !isHeading;
            if (!isHeading)
                proseWordsSeen += CountWords(cleaned);
            kept.Add((line with { Text = cleaned }, isHeading));
        }

        // A heading introduces content. One that is followed by another heading or by nothing is an ad
        // caption, a widget title or the title of a section whose content was all furniture.
        var blocks = new List<CleanBlock>(kept.Count);
        for (var i = 0; i < kept.Count; i++)
        {
            var (line, isHeading) = kept[i];
            if (isHeading && (i + 1 == kept.Count || kept[i + 1].IsHeading))
                continue;
            blocks.Add(new CleanBlock(isHeading, line.Text, line.Start, line.End - line.Start));
        }
        // The lines a page opens with before its first paragraph: its title among them, beside a site's name, a
        // byline or a "5 min read" that nothing here recognised.
        var opening = kept.TakeWhile(k => k.IsHeading).Select(k => k.Line.Text).ToList();
        if (kept.Count > opening.Count && LooksLikeTitle(kept[opening.Count].Line.Text))
            opening.Add(kept[opening.Count].Line.Text);
        opening.AddRange(titleLines);
        return new CleanPage(blocks, opening);
    }

    /// <summary>
    /// Words of prose a site's box holds at most: a blurb, a newsletter's pitch, a few rules. A "Support the channel
    /// on Patreon" line over a video's whole transcript is a link, not the title of what follows.
    /// </summary>
    const int MaxBoxWords = 100;

    /// <summary>Words of an advertisement's text at most: on a page with no blank lines, a paragraph may follow the label.</summary>
    const int MaxAdWords = 30;

    /// <summary>Whether no blank line stands between two lines (trailing spaces aside).</summary>
    static bool Touching(string page, Line above, Line below) => page.AsSpan(above.End, below.Start - above.End).Count('\n') <= 1;

    /// <summary>Words of an author's blurb at most.</summary>
    const int MaxBioWords = 80;

    /// <summary>
    /// "“The LNG fleet is not a tap you can turn back on.”" on a line of its own, the words the article quotes in full
    /// elsewhere: a pull quote, set large beside the text, said once already.
    /// </summary>
    static bool IsPullQuote(string line, string page)
    {
        var text = line.Trim();
        if (text.Length < 24 || !"\"“‘'".Contains(text[0], StringComparison.Ordinal))
            return false;
        var close = text.LastIndexOfAny(['"', '”', '’', '\'']);
        // A short attribution may follow the closing mark ("— Kenji Obara").
        if (close <= 1 || text.Length - close > 40)
            return false;
        var said = text[1..close].Trim().TrimEnd('.', ',', '!', '?');
        if (said.Length < 20)
            return false;
        var first = page.IndexOf(said, StringComparison.Ordinal);
        return first >= 0 && page.IndexOf(said, first + 1, StringComparison.Ordinal) >= 0;
    }

    /// <summary>The names a page's bylines give ("By Rina Kobayashi, Staff Reporter", "About Hannah Whitlock"): whoever wrote it.</summary>
    static List<string> Authors(List<Line> lines) =>
        [.. lines.Select(l => AuthorLine().Match(l.Text)).Where(m => m.Success).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>"Rina covers eastern Hokkaido for NS7 News", "Naoko Ishiwata leads PMI's work on LNG": the author's blurb, in the third person.</summary>
    static bool AboutAuthor(string text, string author)
    {
        var first = author.Split(' ')[0];
        foreach (var name in new[] { author, first })
        {
            if (text.StartsWith(name + " ", StringComparison.Ordinal) && text.Length > name.Length + 2 && char.IsLower(text[name.Length + 1])
                && BlurbVerb().IsMatch(text[(name.Length + 1)..]))
                return true;
        }
        return false;
    }

    /// <summary>A label over a list of links: "READ MORE:", "Related stories:" with nothing after the colon, or "Read next".</summary>
    static bool IsListLabel(string text) =>
        (LinksLabel().Match(text) is { Success: true } label && label.Length == text.TrimEnd().Length) || ListHeading().IsMatch(text);

    /// <summary>Lines a box drawn with rules holds at most.</summary>
    const int MaxBoxLines = 12;

    /// <summary>
    /// Where a box opened by the rule at <paramref name="index"/> closes, if the lines between the two rules are only
    /// furniture and short lines that close no sentence (its title, its buttons); otherwise null, and the box, a
    /// fact box say, is read as the article's.
    /// </summary>
    static int? BoxEnd(List<Line> lines, int index)
    {
        if (!Rule().IsMatch(lines[index].Text))
            return null;
        for (var end = index + 1; end < lines.Count && end <= index + MaxBoxLines; end++)
        {
            var text = lines[end].Text;
            if (Rule().IsMatch(text))
                return end > index + 1 ? end : null;
            if (!IsFurniture(text) && !IsLinkList(text) && !(LooksLikeHeading(text) && SentenceEnd().Count(text) == 0))
                return null;
        }
        return null;
    }

    /// <summary>Words of prose from a line down to the next heading.</summary>
    static int ProseUnder(List<Line> lines, int index)
    {
        var words = 0;
        for (; index < lines.Count && words <= MaxBoxWords; index++)
        {
            if (Byline().IsMatch(lines[index].Text) || (LooksLikeHeading(lines[index].Text) && !IsFurniture(lines[index].Text)))
                break;
            if (IsFurniture(lines[index].Text) || IsLinkList(lines[index].Text))
                continue;
            words += CountWords(lines[index].Text);
        }
        return words;
    }

    /// <summary>Whether prose follows, past furniture ("Search in video", "0:00"), before anyone else's byline.</summary>
    static bool StartsProse(List<Line> lines, int index)
    {
        for (; index < lines.Count; index++)
        {
            if (Byline().IsMatch(lines[index].Text))
                return false;
            if (!IsFurniture(lines[index].Text) && !IsLinkList(lines[index].Text))
                return !LooksLikeHeading(lines[index].Text);
        }
        return false;
    }

    /// <summary>Whether a piece of text is page furniture; also used as a last guard on what a reply quotes.</summary>
    public static bool IsFurniture(string text)
    {
        var words = CountWords(text);
        // "-------------------": a rule drawn across the page with characters.
        if (words == 0)
            return true;
        if (LegalNotice().IsMatch(text))
            return true;
        // "▲ 31", "288 ● 3": a vote or reputation counter, symbols and numbers with no word among them; "● LIVE",
        // a badge; "09:41 GMT", a live blog's timestamp on a line of its own.
        if (words <= 6 && !Word().IsMatch(text) && text.Any(IsSymbol))
            return true;
        if (words <= 2 && text.Any(IsSymbol))
            return true;
        if (TimeAlone().IsMatch(text) || DateAlone().IsMatch(text))
            return true;
        // "Try Kotoba Pro free for 14 days >", "Continue this thread →": a link or a button; prose does not end on an arrow.
        if (words <= 40 && LinkArrow().IsMatch(text))
            return true;
        // "... small groups, June to September. Book now": an advertisement ending on its button.
        if (words <= 60 && ButtonAtEnd().IsMatch(text))
            return true;
        if (words <= 4 && ButtonAlone().IsMatch(text))
            return true;
        // "Search ClipVault", "Search this site...": a site's search box.
        if (words <= 8 && text.StartsWith("Search", StringComparison.OrdinalIgnoreCase) && (words == 2 && SentenceEnd().Count(text) == 0 || SearchBox().IsMatch(text)))
            return true;
        // "Share: [Facebook] [X] [LINE]", "[Accept all] [Manage settings]": a row of buttons.
        if (words <= 20 && (ShareRow().IsMatch(text) || ButtonRow().IsMatch(text)))
            return true;
        // "Got a story from your family's past? Email features@northshoreherald.jp": whom to write to, not what happened.
        if (words <= 40 && EmailAddress().IsMatch(text))
            return true;
        // "Chapters:", "Share:": a label on a line of its own says nothing.
        if (words <= 2 && text.TrimEnd().EndsWith(':'))
            return true;
        if (words <= 40 && WidgetPhrase().IsMatch(text))
            return true;
        if (words <= 60 && Credit().IsMatch(text))
            return true;
        // "By the Energy Desk | Last updated 14 March 2024", "Posted by the news desk in Asia": who wrote the page
        // and when, not what it says.
        if (words <= 20 && Byline().IsMatch(text))
            return true;
        // "I hope this article meets your needs; let me know if you would like a shorter version.": a text
        // generator's sign-off to whoever asked it for the page, left in.
        if (words <= 30 && GeneratorSignOff().IsMatch(text))
            return true;
        // "You have read 2 of your 3 free articles this month. Subscribe ...", "Listen: ... wherever you get your
        // podcasts", "Test your knowledge: 5 questions. Start quiz": the site speaking to its reader and telling
        // them to do something. An article may say "you can see the islands from Cape Nosappu"; it does not
        // open a sentence with "Subscribe" or "Listen" to the person reading it.
        if (words <= 40 && SecondPerson().IsMatch(text) && CallToAction().IsMatch(text))
            return true;
        // "3. ^ "Tanaka in Moscow". Asia Diplomatic Digest. 2013.": an encyclopedia's numbered reference.
        if (words <= 60 && ReferenceItem().IsMatch(text))
            return true;
        // A report's pages as a PDF leaves them: "2. Who holds what ........ 2" (its contents), "Page 3 of 9",
        // and a footnote, "5 Presidential Decree No. 416 of 30 June 2022." (edited prose spells out a number
        // that opens a sentence; a year is four digits).
        if (words <= 40 && (ContentsEntry().IsMatch(text) || PageNumber().IsMatch(text) || Footnote().IsMatch(text)))
            return true;
        // "Main article: Treaty of Portsmouth", "Not to be confused with ...": an encyclopedia's note pointing to
        // other pages; "Main menu", "Edit links": its navigation; "if everyone reading this gave just $2.75": its appeal.
        if ((words <= 30 && Hatnote().IsMatch(text)) || (words <= 3 && MenuLabel().IsMatch(text)) || (words <= 80 && Appeal().IsMatch(text)))
            return true;
        // "⏱ 12 min read", "👉 RELATED: ...", "✉️ Planning a trip? Grab my FREE itinerary": a widget opens with a
        // pictograph; a sentence of the article does not.
        if (words <= 40 && text.Length > 0 && (char.GetUnicodeCategory(text, 0) == System.Globalization.UnicodeCategory.OtherSymbol || char.IsSurrogate(text[0])))
            return true;
        // "( ) Yes   ( ) No": a survey's buttons; "Tel: +81-(0)3-3580-3311": a switchboard; "Read the outcome here ▶
        // mofa.go.jp/…": a link written out; "Ministry of Foreign Affairs @MofaJapan_en · Nov 15": a post embedded.
        if (words <= 40 && (RadioButton().IsMatch(text) || FileSize().IsMatch(text) || Telephone().IsMatch(text) || WrittenLink().IsMatch(text) || EmbeddedPost().IsMatch(text)))
            return true;
        // 'Ishiwata, Naoko. "Sakhalin's Long Shadow." Commentary, Pacific Meridian Institute, March 14, 2024.': how to
        // cite the page; "Nagatacho Grand Building 7F, 2-10-3 Nagatacho, Chiyoda-ku, Tokyo 100-0014": where to write to it;
        // "Published March 4, 2025 at 11:42 p.m. | Updated March 5": when it went up.
        if (words <= 60 && (CitationEntry().IsMatch(text) || (words <= 30 && PostalCode().IsMatch(text)) || (words <= 25 && Dateline().IsMatch(text))))
            return true;
        // "November 13, 2019 Visit to Japan by the Foreign Minister of Uzbekistan": a dated link in a list of others.
        if (words <= 25 && DatedLink().IsMatch(text) && SentenceEnd().Count(text) == 0)
            return true;
        // A consent notice, however long it runs.
        if (words <= 120 && CookieNotice().IsMatch(text))
            return true;
        // "[1/3] Russian and Japanese national flags fly ...", "... in the Kremlin, 19 October 1956. Photo: Kyodo /
        // Wikimedia Commons (public domain)": a picture's caption, by its place in a gallery or by its credit.
        if (words <= 60 && (GalleryIndex().IsMatch(text) || CreditAtEnd().IsMatch(text) || PictureMark().IsMatch(text)))
            return true;
        // "LIVE: Ukraine crisis updates": a banner pointing elsewhere.
        if (words <= 15 && BannerLabel().IsMatch(text))
            return true;
        // "Related explainers: Kunashiri and Etorofu | The San Francisco Peace Treaty at 75": links to the site's other
        // pages under a label; "Note: this section has been rewritten for clarity and length": the editor to the reader.
        if (words <= 30 && (LinksLabel().IsMatch(text) || EditorsNote().IsMatch(text)))
            return true;
        // "See Energy, Trade": a cross-reference to other pages of the site, not a sentence.
        return words <= 8 && CrossReference().IsMatch(text);
    }

    /// <summary>
    /// A sentence written to a chatbot or language model rather than to readers ("ignore previous
    /// instructions and ..."). A page that carries one is trying to steer whatever reads it; the sentence
    /// is never quoted and never given to a model, so it can neither be repeated nor obeyed.
    /// </summary>
    public static bool AddressesMachine(string text) => MachineAddress().IsMatch(text);

    /// <summary>
    /// A list of links flattened to text: several short items joined by ';' or '|', with hardly a sentence among
    /// them; a breadcrumb trail ("Home » Asia-Pacific » Japan &amp; Russia") is one too, and so is a site's or a
    /// section's banner of two short parts ("World | Asia Pacific", "THE HARBOUR REVIEW | Essays on the North Pacific").
    /// </summary>
    static bool IsLinkList(string text)
    {
        // "Cookies  Terms of Use  Privacy  Accessibility", "Play   Mute   Captions   Full screen": a menu or a player's
        // buttons whose markup was spaces; prose does not put short words apart by two spaces three times.
        var spaced = SpacedApart().Split(text);
        if (spaced.Length >= 3 && spaced.All(part => CountWords(part) <= 4) && SentenceEnd().Count(text) == 0)
            return true;
        var items = LinkItems(text);
        // Two parts: a menu's, or a site's name and its motto ("Far East Fuel Notes | LNG, pipelines and power in
        // Northeast Asia, from someone who actually reads the customs data"); a headline comes first and long.
        if (items.Length == 2 && text.Contains(" | ", StringComparison.Ordinal))
            return SentenceEnd().Count(text) == 0 && (CountWords(text) <= 10 || CountWords(items[0]) <= 4);
        if (items.Length < 3)
            return false;
        var averageWords = items.Average(CountWords);
        var sentences = SentenceEnd().Count(text);
        return averageWords <= 10 && sentences <= items.Length / 3;
    }

    // A breadcrumb's " > " ("Kombu Notes > Policy & Access > Sixty years at the edge of the line") separates as '›' does.
    static string[] LinkItems(string text) =>
        text.Replace(" > ", " › ", StringComparison.Ordinal).Split([';', '|', '•', '»', '›', '·'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// A page's title as scrapers leave it: one line of at most 25 words that closes no sentence (a question
    /// may be a title). Longer than a heading, since titles run long ("Sakhalin's Gas Still Flows South: Why
    /// Japan Stayed in Russia's Far East Energy Projects").
    /// </summary>
    public static bool LooksLikeTitle(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length is > 0 and <= 200 && CountWords(trimmed) <= 25 && !trimmed.Contains('\n')
            && (trimmed.EndsWith('?') || ClosesAside(trimmed) || !".!;,\"”’)".Contains(trimmed[^1], StringComparison.Ordinal));
    }

    static bool LooksLikeHeading(string text)
    {
        var trimmed = text.TrimEnd();
        if (trimmed.Length == 0 || trimmed.Length > 120 || CountWords(trimmed) > MaxHeadingWords)
            return false;
        // Questions used as FAQ headings end with '?'; other headings carry no closing punctuation, unless an aside
        // ("Japan–Soviet Union territorial dispute (1956–1991)", "Quick answers (FAQ)").
        return trimmed.EndsWith('?') || ClosesAside(trimmed) || QuotedWhole(trimmed) || !".!:;,\"”’)".Contains(trimmed[^1], StringComparison.Ordinal);
    }

    /// <summary>A phrase in quotation marks and nothing else ("\"No territorial problem exists\""): a heading that quotes, not a sentence.</summary>
    static bool QuotedWhole(string text) =>
        text.Length > 2 && text[0] is '"' or '“' && text[^1] is '"' or '”' && char.IsLetterOrDigit(text[^2]);

    /// <summary>Ends with a parenthesis the line opened after its first word: not a caption in brackets ("(Photo: Reuters)").</summary>
    static bool ClosesAside(string text) => text.EndsWith(')') && text.IndexOf('(', StringComparison.Ordinal) > 0 && !text.TrimStart().StartsWith('(');

    static bool EndsMidPhrase(string text) => DanglingWord().IsMatch(text);

    /// <summary>
    /// A line without what was left in it that is not the article's: a text generator's notes ("(Note: The
    /// original text is already concise...)") and an encyclopedia's marks ("[3]", "[citation needed]", a
    /// heading's "[edit]"), which a reply's own citation numbers would be confused with.
    /// </summary>
    public static string RemoveLeftovers(string text)
    {
        var cleaned = EncyclopediaMark().Replace(GeneratorNote().Replace(text, ""), "");
        return MultipleSpaces().Replace(cleaned, " ").Trim();
    }

    internal static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isWordChar = char.IsLetterOrDigit(c);
            if (isWordChar && !inWord)
                count++;
            inWord = isWordChar;
        }
        return count;
    }

    readonly record struct Line(string Text, int Start, int End);

    static List<Line> SplitLines(string text)
    {
        var lines = new List<Line>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
                end = text.Length;
            var raw = text.AsSpan(start, end - start);
            var leading = raw.Length - raw.TrimStart().Length;
            var trimmed = raw.Trim();
            if (!trimmed.IsEmpty)
                lines.Add(new Line(trimmed.ToString(), start + leading, start + leading + trimmed.Length));
            start = end + 1;
        }
        return lines;
    }

    [GeneratedRegex(@"\b(hit counter|visitor counter|web counter|page views?(?=\s*:)|\d[\d,.]*k? page views|ads? ?blocker|adblock|disable (your |these |the )?ad|block(ing)? ads|leave a (comment|reply)|post a comment|comments? (are )?closed|e-?mail( address)? will not be (published|shown|shared)|required fields are marked|comments are moderated|enter your e-?mail|(join|subscribe to|sign up for) (our|the) newsletter|powered by|subscribe (to|now)|sign up (for|with|to (join|get|receive))|share (this|on)|follow us|click here|cookies? (policy|settings)|we use cookies|accept cookies|support us by|skip to (main )?content|back to top|related posts|you may also like|read more|advertisement|sponsored|browse other questions|ask your own question|add a comment|viewed [\d.,]+k? times|(asked|modified|answered|edited|updated) \d+ (years?|months?|weeks?|days?|hours?|minutes?) ago|(show )?key events|refresh the page|requires javascript|turn on javascript|our standards(?=\s*:)|sort(ed)?( by)?(?=\s*:)|brought to you by|use (the )?(promo |discount |coupon )?code|\d+ ?% off|unsubscribe|no spam|ad-free|(listener|reader|viewer|member)s?-(funded|supported)|available (only )?to (our )?(patreon|paying|premium) (supporters|subscribers|members|patrons)|\d+(\.\d+)?[km] (members|online|followers|subscribers|listeners|views|likes|upvotes)|[\d,]+ (subscribers|followers)\b|post (a )?comment|message the mod(erator)?s|(theme )?music by|sign in to (see|read|view|continue)|(join|sign up|log in|register)\b.{0,40}\bto (read|see|view|continue)\b|more (answers|replies|comments|stories|questions) below|notify me of (new |follow-up )?(posts|comments|replies)|write a comment|discover more from|\d+ more (comments|replies)|subscribe for free|hit (the )?(subscribe|like) button|hit subscribe|like and subscribe|thanks for watching|[\d,.]+\s?[km]? (page )?views\b|(view|see|show|load|read) (all )?([\d,.]+k? )?(more )?(comments|answers|replies|responses)\b|by continuing,? you|continue with (facebook|google|apple|email|microsoft)|jump to (navigation|search)|the free encyclopedia|needs additional citations|this page was last edited|retrieved from [""“]?https?|the views expressed|not for circulation|found this useful|download (the |this )?(full )?(explainer|report|article|paper|brief|briefing|pdf)\b.{0,60}\(pdf|copy citation|download (\.ris|bibtex)|(story|article|text) continues (below|after)|continue reading (below|after|on)|in your inbox|(tickets?|seats) (are )?(now )?on sale|on sale now|book online|save my name|the next time i comment|transcript (is|was|has been) (machine|auto(matically)?)[- ]generated|members?-only|upgrade to (read|unlock|get)|unlimited access|read unlimited|thanks for reading|buy me a coffee|join [\w ]{1,20} for free|get updates from|(?<=^|[—–|·]\s?)learn more about|report this ad|scroll to continue|(purchase|acquire) licensing rights|opens (in )?(a )?new (tab|window)|by (signing|clicking|subscribing)\b.{0,30}\byou agree|video player|autoplay|(data|quotes?) (are )?delayed (at least|by|a minimum)|(?<=^|\s\s|[|·•]\s?)promoted by|paid (partner )?content|sponsored content|mandatory credit|attention editors|file photo|(play|pause)\s+(mute|unmute)|full ?screen|pin (it|this) for later|affiliate links?|may earn (a small |a )?commission|amazon associate|javascript is (disabled|turned off|not enabled)|acrobat reader|was (this|the) (page|information|article|answer)\b.{0,40}\b(helpful|useful|easy to find)|improve this page|(this|our) (web)?site (aims to )?conform|conformance level|may be reproduced|(send|email) me the (itinerary|guide|pdf|checklist|newsletter|list)|akismet|reduce spam|\d+[- ]min(ute)?s? (read|listen|watch)|download (the )?data|expand (chart|image|map|table|graphic)|click to (enlarge|expand|zoom)|up next\b|total votes|this poll (is|was) not scientific|(cast|submit) your vote|listen to this (article|story|episode|page))\b", RegexOptions.IgnoreCase)]
    private static partial Regex WidgetPhrase();

    [GeneratedRegex(@"\b(ignore|disregard|forget|override)\b[\w\s,']{0,40}\b(instructions?|prompts?|directions|rules|guidelines)\b|\b(system|developer) (prompt|message)\b|\b(you are|act as|pretend to be|you must now)\b[\w\s,']{0,30}\b(ai|assistant|chatbot|bot|language model|llm|gpt)\b|\b(ai|assistants?|chatbots?|language models?|llms?)\b[\w\s,']{0,30}\b(reading|must|should|shall|are instructed)\b|\bnew instructions\b", RegexOptions.IgnoreCase)]
    private static partial Regex MachineAddress();

    [GeneratedRegex(@"\b(copyright(ed)? (material|owner|notice)|all rights reserved|fair use|legal notice|text is available under|creative commons attribution|by using this site,? you agree)\b|©", RegexOptions.IgnoreCase)]
    private static partial Regex LegalNotice();

    [GeneratedRegex(@"^(((image|photo|picture|video|text|map|chart)s? )?(sources?|credits?)|(image|photo|photograph|picture|illustration|video|watch)s?|tags|categories|filed under|(sources and )?further reading|about the author|(figure|fig\.|table|chart|graph|exhibit)\s*\d+[a-z]?)\s*[:.]|^(last updated|posted on|published on|posted in|filed under)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Credit();

    [GeneratedRegex(@"^(by|written by)\s[^.!?|·•]{1,60}\s[|·•]\s|^(posted|written|published|live reporting|reporting|answered|asked|edited|reviewed|submitted|compiled|pinned) by\s|\b(last updated|updated on|posted on|published on)\b|^(?-i:[Bb]y(\s+\p{Lu}[\p{L}.'’-]*){1,4}(,(\s+[\p{L}'’-]+){1,4})?)$|^[^.!?]*\b\d+\s?(s|m|h|d|w|mo|y|yrs?|mins?|hrs?|hours?|days?|weeks?|months?|years?) ago$|^(u/|@)[\w-]+(\s*[·•|][^.!?]*)?$|^[\w.'’-]+( [\w.'’-]+){0,3}( \([\w ]+\))? [·•|] (\d{1,2} \p{L}+ \d{4}|\p{L}+ \d{1,2},? \d{4})$", RegexOptions.IgnoreCase)]
    private static partial Regex Byline();

    [GeneratedRegex(@"^see (also )?[A-Z][\w\- ]*(, ?[A-Z][\w\- ]*)*\.?$")]
    private static partial Regex CrossReference();

    [GeneratedRegex(@"^(main articles?|see also|further information|further reading|related articles?)\s*:|^(for (other|more|the)\b[^.]{0,80}\bsee\b|not to be confused with\b|""[^""]{1,60}"" redirects here\b|this article is about\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Hatnote();

    [GeneratedRegex(@"^(main menu|navigation menu|navigation|contents|table of contents|languages|edit links|personal tools|tools|views|namespaces|search|toggle (the )?(table of )?contents|hide|move to sidebar)$", RegexOptions.IgnoreCase)]
    private static partial Regex MenuLabel();

    [GeneratedRegex(@"\b(your (gift|donation|support) (keeps|helps|makes|allows)|please don'?t skip this|we (humbly )?ask you to (support|donate|give)|if everyone reading this (gave|donated|chipped in)|i already donated|(give|donate) (another|any) amount|keep \w+ (online|free|independent|ad-free))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Appeal();

    /// <summary>
    /// An infobox row as a scrape leaves it, a short label and its value split by a tab ("Signed&#9;7 May 1875"):
    /// a statement of the page's, written as one ("Signed: 7 May 1875.") so that it is read as prose, not taken
    /// for a heading.
    /// </summary>
    static string InfoboxRow(string text)
    {
        var tab = text.IndexOf('\t', StringComparison.Ordinal);
        if (tab <= 0 || tab == text.Length - 1)
            return text;
        var (label, value) = (text[..tab].Trim(), text[(tab + 1)..].Replace('\t', ' ').Trim());
        if (label.Length == 0 || value.Length == 0 || CountWords(label) > 4 || SentenceEnd().IsMatch(label))
            return text;
        return $"{label}: {value}" + (".!?".Contains(value[^1], StringComparison.Ordinal) ? "" : ".");
    }

    [GeneratedRegex(@"\b(after|before|of|and|or|the|a|an|to|in|on|with|for|from|by|at|between)$", RegexOptions.IgnoreCase)]
    private static partial Regex DanglingWord();

    /// <summary>A text generator's aside left in the article: a note on its rewriting, or an offer to the person who asked for it.</summary>
    [GeneratedRegex(@"\(\s*(note:[^)]*\b(original text|paraphras\w*|rewrit\w*|as an ai)\b|(rewritten|paraphrased|reworded|shortened|condensed) for\b|[^)]*\blet me know if you\b)[^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex GeneratorNote();

    [GeneratedRegex(@"\blet me know if you\b|\bi hope (this|that|the) (article|text|summary|version|helps)\b|\bhere is (a|the|your) ([\w-]+ ){0,3}(version|rewrite|summary)\b|^(sure|certainly|of course)!", RegexOptions.IgnoreCase)]
    private static partial Regex GeneratorSignOff();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Word();

    static bool IsSymbol(char c) => char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.MathSymbol;

    [GeneratedRegex(@"^\s*\d{1,2}[:.]\d{2}(\s*([AaPp]\.?[Mm]\.?|GMT|UTC|BST|CET|EST|EDT|PST|JST|MSK))?\s*$")]
    private static partial Regex TimeAlone();

    [GeneratedRegex(@"\[(\d{1,3}|[a-z]|edit|citation needed|clarification needed|who\?|when\?|according to whom\?)\]", RegexOptions.IgnoreCase)]
    private static partial Regex EncyclopediaMark();

    [GeneratedRegex(@"^\s*(\d{1,3}\.\s*)?\^\s")]
    private static partial Regex ReferenceItem();

    [GeneratedRegex(@"(\.\s?){4,}\s*\d+\s*$")]
    private static partial Regex ContentsEntry();

    [GeneratedRegex(@"^\s*page\s+\d+(\s+of\s+\d+)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"^\d{1,2}\s+\p{Lu}")]
    private static partial Regex Footnote();

    [GeneratedRegex(@"\p{Ll}-$")]
    private static partial Regex BrokenWord();

    [GeneratedRegex(@"^(references|external links|see also|further reading|bibliography|footnotes|citations)$", RegexOptions.IgnoreCase)]
    private static partial Regex BackMatterHeading();

    /// <summary>A site's own sections beside the article: its rules, its blurb, its newsletter, other episodes or stories.</summary>
    [GeneratedRegex(@"^((community |site |forum )?rules|about (the |this )?(community|show|podcast|site|blog|channel|us)|(more|other|recent|related|latest|previous|popular|trending) (episodes|stories|articles|posts|reads|videos|questions)|related questions?:.*|trending( now)?|most (read|popular|viewed)|support (the|this|our) (show|podcast|site|blog|channel|work).*|.*\b(newsletter|patreon)\b.*|sources( and further reading)?|reading list|sources and notes|(cite|citing) this (page|article|explainer|report|post|paper|piece)|how to cite( this( page| article| explainer| report)?)?|about the (author|authors|writer|contributors?)|about (?-i:\p{Lu}\p{Ll}+ \p{Lu}[\p{L}'’-]+)|(upcoming |forthcoming )?(events|webinars)( at .*)?|upcoming events.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex SiteSectionHeading();

    [GeneratedRegex(@"^(comments?|responses?|replies|conversation|discussion( about this \w+)?|reader comments|join the (discussion|conversation)( \(\d+ comments?\))?)( \(\d+\))?(\s+(sort|sorted|order|show|newest|oldest)\b.*)?$|^[\d,.]+k? (comments?|responses?|replies|thoughts on\b.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex CommentsHeading();

    [GeneratedRegex(@"^(promoted|sponsored|paid (content|post|partnership)|partner content|advertiser content|ad|ads|advertisement)\b(\s*[·•|:-]\s*|\s+by\s+)\S.{0,60}$", RegexOptions.IgnoreCase)]
    private static partial Regex PromotionCaption();

    [GeneratedRegex(@"^(learn more|continue reading|(read|see|show|view) (more|less)|search in (video|page|site|transcript)|(book|order|shop|buy|listen|watch|read|play|donate|apply) (now|today|here)|pin it|sign up|subscribe|download|get started|more info)[.!]?$", RegexOptions.IgnoreCase)]
    private static partial Regex ButtonAlone();

    /// <summary>"Jan 22, 2026", "14 April 2025": a dateline or a comment's date on a line of its own.</summary>
    [GeneratedRegex(@"^\s*((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(,? \d{4})?|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?( \d{4})?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DateAlone();

    [GeneratedRegex(@"\s[>›→»]\s*$")]
    private static partial Regex LinkArrow();

    [GeneratedRegex(@"[.!?]\s+(book|order|shop|buy|learn more|listen|watch|read|sign up|register|download|subscribe|get started|get it|try it)( it)?( now| today| free| here)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ButtonAtEnd();

    [GeneratedRegex(@"\byou(r)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecondPerson();

    /// <summary>A sentence or a widget's part that opens with an order to the reader: "Subscribe for ...", "Listen: ...", "Start quiz".</summary>
    [GeneratedRegex(@"(^|[.!?|:;]\s+)(subscribe|listen|watch|start|test|join|sign|enter|click|tap|download|register|log in|try)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CallToAction();

    [GeneratedRegex(@"[.!?](\s|$)")]
    private static partial Regex SentenceEnd();

    /// <summary>A trail of the site's sections down to the page ("Home › Asia › Japan", "Kombu Notes > Policy &amp; Access > ..."), not its title.</summary>
    [GeneratedRegex(@" > |[»›]")]
    private static partial Regex Breadcrumb();

    // "Related question: ..." opens a box of its own (SiteSectionHeading), with the teaser of an answer under it.
    [GeneratedRegex(@"^(?!related questions?\b)(related|recommended|more|popular|trending|also read|read more|read also|see more|most read)( [\w-]+){0,2}\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex LinksLabel();

    [GeneratedRegex(@"^(editor'?s |editorial )?note\s*:.{0,120}\b(rewritten|edited|condensed|shortened|abridged|updated|corrected|translated)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EditorsNote();

    [GeneratedRegex(@"\b(we use cookies|cookies and similar technologies|accept all cookies|cookie (settings|preferences|policy|notice)|we value your privacy|our \d+ partners|store and/or access information)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CookieNotice();

    [GeneratedRegex(@"^\[\d{1,2}/\d{1,2}\]\s")]
    private static partial Regex GalleryIndex();

    [GeneratedRegex(@"^(\[(image|photo|picture|video|map|chart|graphic)\]|(image|photo|picture) (caption|description)\s*:)", RegexOptions.IgnoreCase)]
    private static partial Regex PictureMark();

    [GeneratedRegex(@"(\b(photo|photograph|image|picture|illustration|map|graphic|chart|video)s?( credit)?\s*:\s*[^.:!?]{2,80}|\b(photo|photograph|image|picture|illustration|map|graphic|drawing)s? by\b[^!?]{0,80}|\b(photo|image|picture)s? courtesy of\b[^!?]{0,60})$", RegexOptions.IgnoreCase)]
    private static partial Regex CreditAtEnd();

    [GeneratedRegex(@"^(live|breaking|breaking news|just in|developing)\s*[:|–-]\s", RegexOptions.IgnoreCase)]
    private static partial Regex BannerLabel();

    [GeneratedRegex(@"^(read next|what to read next|more to read|most (read|popular|viewed)( (today|this week))?)$", RegexOptions.IgnoreCase)]
    private static partial Regex ListHeading();

    [GeneratedRegex(@"\((pdf|docx?|xlsx?|zip)[:,]? ?[\d.,]+ ?[kmg]b\)", RegexOptions.IgnoreCase)]
    private static partial Regex FileSize();

    [GeneratedRegex(@"^\p{Lu}[\p{L}'’-]+, \p{Lu}[\p{L}'’.-]+( \p{Lu}\.)?\.? [""“]")]
    private static partial Regex CitationEntry();

    [GeneratedRegex(@"\b\d{3}-\d{4}\b(?!-)|\b[A-Z]{2} \d{5}(-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b")]
    private static partial Regex PostalCode();

    [GeneratedRegex(@"^(published|posted|updated|last updated|first published)( on)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d", RegexOptions.IgnoreCase)]
    private static partial Regex Dateline();

    [GeneratedRegex(@"^(?i:by|written by|about|author:|reporter:|words:)\s+(?<name>\p{Lu}[\p{L}'’-]+(\s+\p{Lu}[\p{L}'’-]+){1,2})\b")]
    private static partial Regex AuthorLine();

    /// <summary>What a blurb says its author does: "covers", "writes about", "leads", "is a", "has reported".</summary>
    [GeneratedRegex(@"^(is|was|has|covers|writes|leads|reports|edits|teaches|works|lives|joined|spent|studied|researches|heads|directs|hosts)\b")]
    private static partial Regex BlurbVerb();

    [GeneratedRegex(@"\(\s?\)\s*\p{L}")]
    private static partial Regex RadioButton();

    [GeneratedRegex(@"\b(tel|telephone|phone|fax)\s*[.:]\s*\+?\(?\d", RegexOptions.IgnoreCase)]
    private static partial Regex Telephone();

    [GeneratedRegex(@"\b[\w-]+(\.[\w-]+)*\.(com|org|net|jp|ru|gov|edu|io|uk|int)\b/\S*")]
    private static partial Regex WrittenLink();

    [GeneratedRegex(@"\s@\w+\s*·")]
    private static partial Regex EmbeddedPost();

    [GeneratedRegex(@"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\s+\p{Lu}|^\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{4}\s+\p{Lu}", RegexOptions.IgnoreCase)]
    private static partial Regex DatedLink();

    [GeneratedRegex(@"^[-=_*~#]{3,}$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^(advertisement|advertisements|advert|ad|ads|sponsored|promoted|paid content|partner content|breaking|breaking news|just in|video|videos)\s*[·•|:–-]?$", RegexOptions.IgnoreCase)]
    private static partial Regex AdLabel();

    [GeneratedRegex(@"^(breaking|breaking news|just in)$", RegexOptions.IgnoreCase)]
    private static partial Regex TickerLabel();

    /// <summary>An item of a flattened list: "- Photo gallery: ...", "* ...", "• ...".</summary>
    [GeneratedRegex(@"^[-*•–]\s+\S")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^search\b[^.!?]{0,40}(\.\.\.|…)$", RegexOptions.IgnoreCase)]
    private static partial Regex SearchBox();

    [GeneratedRegex(@"^share( this( story| post| article| page)?)?\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ShareRow();

    [GeneratedRegex(@"^(\[[^\]\n]*\]\s*)+$")]
    private static partial Regex ButtonRow();

    [GeneratedRegex(@"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex MultipleSpaces();

    [GeneratedRegex(@" {2,}|\t")]
    private static partial Regex SpacedApart();
}
