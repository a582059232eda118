using System.Security.Cryptography;
using System.Text;

namespace Bot.Cli;

/// <summary>
/// The corpus a question set runs against: the bot's own source texts, with the set's extra documents added
/// (the third-document test), copied into a folder of their own under <paramref name="workFolder"/> and kept
/// there by content, so a second run reuses the folder and its index.
/// </summary>
public static class EvalCorpus
{
    /// <summary>The corpus folder and an index folder for the set: the base corpus itself (and no index folder) when the set adds nothing.</summary>
    public static (string Corpus, string? Index) Prepare(EvalSet set, string baseCorpus, string workFolder)
    {
        var extra = set.DocumentPaths.ToList();
        if (extra.Count == 0)
            return (baseCorpus, null);
        var missing = extra.FirstOrDefault(p => !File.Exists(p));
        if (missing is not null)
            throw new FileNotFoundException($"The question set {set.Name} names a source text that is not there: {missing}", missing);

        var files = Directory.EnumerateFiles(baseCorpus).Where(IsCorpusFile).Concat(extra).Order(StringComparer.Ordinal).ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        var folder = Path.Combine(workFolder, Convert.ToHexStringLower(hash.GetHashAndReset())[..16]);
        var corpus = Path.Combine(folder, "corpus");
        if (!Directory.Exists(corpus))
        {
            // Written beside and moved into place, so a run that stops halfway leaves no half corpus to reuse.
            var writing = $"{corpus}.writing-{Guid.NewGuid():N}";
            Directory.CreateDirectory(writing);
            foreach (var file in files)
                File.Copy(file, Path.Combine(writing, Path.GetFileName(file)));
            try
            {
                Directory.Move(writing, corpus);
            }
            catch (IOException) when (Directory.Exists(corpus))
            {
                // Another run wrote the same corpus first.
                Directory.Delete(writing, recursive: true);
            }
        }
        return (corpus, Path.Combine(folder, "index"));
    }

    static bool IsCorpusFile(string path) =>
        path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
        || Path.GetFileName(path).Equals("metadata.json", StringComparison.OrdinalIgnoreCase);
}
