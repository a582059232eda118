using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Cli;
using Bot.Corpus;
using Bot.Tests.Support;

namespace Bot.Tests.Corpus;

/// <summary>
/// Scraped pages written blind for the cleaner, each with the debris its writer listed and sentences of the article
/// that must survive: nothing listed as debris may reach a passage, a heading or the title, and nothing listed as the
/// article's may be lost. Written and measured in three rounds: p1 to p4 read while rules were written; p5 to p8
/// measured once after that (24 pieces of 190 left, against 50 with the cleaner before these rules), then read; p9 to
/// p12 measured once at the end and held out (34 of 180 left, against 44). Where a page still leaks, its level is
/// where it stands; a pull quote said only once and a picture's description beside a "Pin it" button are left.
/// </summary>
public sealed partial class PageDebrisTests
{
    [Theory]
    [InlineData("pages/p1_medium_1956", 0)]
    [InlineData("pages/p2_ministry_release", 0)]
    [InlineData("pages/p3_wire_2022", 0)]
    [InlineData("pages/p4_travel_nemuro", 2)]
    [InlineData("pages/p5_thinktank_energy", 1)]
    [InlineData("pages/p6_tv_graves", 0)]
    [InlineData("pages/p7_history_tsushima", 0)]
    [InlineData("pages/p8_student_column", 1)]
    [InlineData("pages/p9_newsletter_1945", 4)]
    [InlineData("pages/p10_business_sakhalin", 6)]
    [InlineData("pages/p11_qa_forum", 10)]
    [InlineData("pages/p12_museum_portsmouth", 14)]
    public void A_blind_pages_debris_stays_out_of_its_passages_and_its_article_stays_in(string page, int debrisLeftAtMost)
    {
        var listed = JsonDocument.Parse(File.ReadAllText(Repository.EvalFile(page + ".json"))).RootElement;
        var document = CorpusLoader.BuildDocument("page", page + ".txt", null, File.ReadAllText(Repository.EvalFile(page + ".txt")));

        var left = DebrisLeft(document, listed.GetProperty("junk").EnumerateArray().Select(e => e.GetString()!));
        var lost = listed.GetProperty("keep").EnumerateArray().Select(e => e.GetString()!)
            .Where(sentence => !document.Passages.Any(p => Squeezed(p.Text).Contains(Squeezed(sentence), StringComparison.Ordinal))).ToList();

        Assert.True(left.Count <= debrisLeftAtMost, "debris left: " + string.Join(" / ", left));
        Assert.Empty(lost);
    }

    /// <summary>Every third source text loses all that its question set lists as debris, not only what a reply happened to quote.</summary>
    [Fact]
    public void No_third_source_text_keeps_what_its_question_set_lists_as_debris()
    {
        foreach (var file in Directory.GetFiles(Repository.EvalFile("third"), "*.json"))
        {
            var set = EvalRunner.Load(file);
            foreach (var path in set.DocumentPaths)
            {
                var document = CorpusLoader.BuildDocument("third", Path.GetFileName(path), null, File.ReadAllText(path));
                var left = DebrisLeft(document, set.Junk ?? []);
                Assert.True(left.Count == 0, $"{Path.GetFileName(path)}: " + string.Join(" / ", left));
            }
        }
    }

    static List<string> DebrisLeft(Document document, IEnumerable<string> debris)
    {
        var shown = Squeezed(string.Join("\n", document.Passages.Select(p => p.Heading + "\n" + p.Text)) + "\n" + document.Title);
        return [.. debris.Where(d => shown.Contains(Squeezed(d), StringComparison.OrdinalIgnoreCase))];
    }

    static string Squeezed(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
