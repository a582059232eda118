using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bot.Index;

namespace Bot.Corpus;

public sealed record DocumentMetadata(string? Title);

/// <summary>
/// Reads every .txt and .md file of the corpus folder, cleans it and cuts it into passages. A file that
/// cannot be read is skipped with the reason logged, so one bad file never keeps the others out.
/// </summary>
public sealed partial class CorpusLoader(ILogger<CorpusLoader> logger)
{
    // The content hash is of the passages as cleaned and cut, so that changing the cleaner invalidates a stored
    // index by itself (an image credit taken as a heading stayed in an index built before the rule came). This
    // version is for changes to what an index holds beyond the passages' words.
    const string PipelineVersion = "passages-v5";
    const int LongParagraphChars = 600;
    const int ChunkChars = 420;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public CorpusSnapshot Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The corpus folder '{folder}' does not exist.");

        var metadata = ReadMetadata(folder);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(PipelineVersion));

        var documents = new List<Document>();
        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var fileName = Path.GetFileName(file);
            if (!TryDecode(bytes, out var text, out var reason))
            {
                LogSkipped(fileName, reason);
                continue;
            }
            var id = Path.GetFileNameWithoutExtension(file);
            var title = metadata.Documents.GetValueOrDefault(id)?.Title;
            var document = BuildDocument(id, fileName, title, text);
            if (document.Passages.Count == 0)
            {
                LogSkipped(fileName, "no content remained after removing page furniture");
                continue;
            }
            hash.AppendData(Encoding.UTF8.GetBytes(fileName + "\n" + document.Title + "\n"));
            foreach (var passage in document.Passages)
                hash.AppendData(Encoding.UTF8.GetBytes($"{passage.Id}\n{passage.Heading}\n{passage.Start}+{passage.Length}\n{passage.Text}\n"));
            documents.Add(document);
        }

        if (string.IsNullOrWhiteSpace(metadata.Topic))
            metadata = metadata with { Topic = CorpusMetadata.TopicOf(documents) };
        var snapshot = new CorpusSnapshot(metadata, documents, Convert.ToHexStringLower(hash.GetHashAndReset()));
        LogLoaded(documents.Count, snapshot.Passages.Count, folder);
        return snapshot;
    }

    static bool SectionBreak(string text, int from, int to)
    {
        if (from <= 0 || to <= from || to > text.Length)
            return false;
        var gap = text.AsSpan(from, to - from);
        return gap.Count('\n') >= 3 && gap.Trim().IsEmpty;
    }

    /// <summary>Cleans one document's text and cuts it into passages; public so that tests and tools can feed text directly.</summary>
    public static Document BuildDocument(string id, string fileName, string? title, string text)
    {
        var page = PageCleaner.Clean(text);
        var blocks = page.Blocks.ToList();
        var said = blocks.Where(b => !b.IsHeading).SelectMany(b => Words.Of(b.Text)).ToHashSet(StringComparer.Ordinal);
        // With no title given, a page is titled by the line it opens with that is most about what the page says:
        // "Peace at Portsmouth: How Roosevelt Brokered the End of the War" rather than the site's name, a byline
        // or a "5 min read" above or below it, which say nothing the page does. That line, when it opens the
        // page before any heading, is not quoted as if it were a statement.
        if (title is null && TitleAmong(page.Opening, said) is { } opening)
        {
            title = opening.Trim();
            // Under a site's name ("NEMURO COASTAL FISHERIES COUNCIL"), the title still opens the page, and the name
            // above it heads none of the article's paragraphs.
            var first = blocks.FindIndex(b => !b.IsHeading);
            if (first >= 0 && blocks[first].Text == opening)
                blocks.RemoveRange(0, first + 1);
        }
        var passages = new List<Passage>();
        var layout = new List<DocumentBlock>();
        string? heading = null;
        var paragraph = 0;
        var previousEnd = 0;
        foreach (var block in blocks)
        {
            // Two blank lines end a section: the paragraph after them (a page's conclusion) stands under no heading.
            if (SectionBreak(text, previousEnd, block.Start))
                heading = null;
            previousEnd = block.Start + block.Length;
            if (block.IsHeading)
            {
                heading = block.Text;
                layout.Add(new DocumentBlock(heading, null));
                continue;
            }
            paragraph++;
            var chunks = Chunk(block.Text);
            for (var part = 0; part < chunks.Count; part++)
            {
                var partNumber = chunks.Count == 1 ? 0 : part + 1;
                var anchor = partNumber == 0 ? $"p{paragraph}" : $"p{paragraph}-{partNumber}";
                var (start, length) = Locate(text, block, chunks[part]);
                var passage = new Passage($"{id}#{anchor}", id, heading, paragraph, partNumber, start, length, chunks[part]);
                passages.Add(passage);
                layout.Add(new DocumentBlock(null, passage));
            }
            // A question used as a heading (an FAQ entry) governs the one answer below it, not the rest of the page.
            if (heading is not null && heading.EndsWith('?'))
                heading = null;
        }
        // Every reply that cites the page shows its title: a line that shares no word with what the page says
        // (furniture nothing here recognised, "Home Menu Search") is no title; the first heading that does is
        // one, else the file's name.
        title ??= layout.Select(b => b.Heading).OfType<string>().FirstOrDefault(h => CouldTitle(WordsShared(h, said), said))
            ?? Path.GetFileNameWithoutExtension(fileName).Replace('_', ' ');
        return new Document(id, fileName, title, passages, layout);
    }

    /// <summary>
    /// Of the title-like lines a page opens with, the one that shares most words with its paragraphs (a title
    /// names what the page is about; "● LIVE" or "Key events" shares a word at most); the first of equals. Null
    /// when the page opens with none that shares a word with them.
    /// </summary>
    static string? TitleAmong(IReadOnlyList<string> opening, HashSet<string> said)
    {
        var candidates = opening.Where(PageCleaner.LooksLikeTitle).Select(line => (Line: line, Shared: WordsShared(line, said))).Where(c => CouldTitle(c.Shared, said)).ToList();
        return candidates.Count == 0 ? null : candidates.MaxBy(c => c.Shared).Line;
    }

    /// <summary>How many of a line's different words of four letters or more the page's paragraphs use.</summary>
    static int WordsShared(string line, HashSet<string> said) =>
        Words.Of(line).Where(w => w.Length >= 4).Distinct(StringComparer.Ordinal).Count(said.Contains);

    /// <summary>
    /// A line that shares no word with the page's paragraphs cannot be its title, where the page says enough
    /// (<see cref="WordsToJudgeATitle"/> different words) for a title to share some.
    /// </summary>
    static bool CouldTitle(int shared, HashSet<string> said) => shared > 0 || said.Count < WordsToJudgeATitle;

    const int WordsToJudgeATitle = 40;

    /// <summary>Where a chunk of a paragraph stands in the file; the whole paragraph where cleaning changed its text.</summary>
    static (int Start, int Length) Locate(string text, CleanBlock block, string chunk)
    {
        var at = text.IndexOf(chunk, block.Start, block.Length, StringComparison.Ordinal);
        return at >= 0 ? (at, chunk.Length) : (block.Start, block.Length);
    }

    /// <summary>A long paragraph is cut between sentences so that a citation leads to a few sentences, not a wall of text.</summary>
    static List<string> Chunk(string paragraph)
    {
        if (paragraph.Length <= LongParagraphChars)
            return [paragraph];
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var sentence in Sentences.Split(paragraph))
        {
            if (current.Length > 0 && current.Length + sentence.Length > ChunkChars)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0)
                current.Append(' ');
            current.Append(sentence.Text);
        }
        if (current.Length > 0)
            chunks.Add(current.ToString());
        return chunks;
    }

    static bool TryDecode(byte[] bytes, out string text, out string reason)
    {
        text = "";
        if (bytes.Length == 0)
        {
            reason = "the file is empty";
            return false;
        }
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            reason = "the file is binary (it contains NUL bytes)";
            return false;
        }
        try
        {
            text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        catch (DecoderFallbackException)
        {
            reason = "the file is not valid UTF-8 text";
            return false;
        }
        var control = text.Count(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');
        if (control > text.Length / 100)
        {
            reason = "the file holds control characters, not text";
            return false;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "the file holds only white space";
            return false;
        }
        reason = "";
        return true;
    }

    CorpusMetadata ReadMetadata(string folder)
    {
        var path = Path.Combine(folder, "metadata.json");
        if (!File.Exists(path))
            return new CorpusMetadata();
        try
        {
            return JsonSerializer.Deserialize<CorpusMetadata>(File.ReadAllText(path), JsonOptions) ?? new CorpusMetadata();
        }
        catch (JsonException e)
        {
            LogBadMetadata(path, e.Message);
            return new CorpusMetadata();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped corpus file {FileName}: {Reason}")]
    partial void LogSkipped(string fileName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored unreadable corpus metadata {Path}: {Error}")]
    partial void LogBadMetadata(string path, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Documents} documents, {Passages} passages from {Folder}")]
    partial void LogLoaded(int documents, int passages, string folder);
}
