using System.ComponentModel.DataAnnotations;

namespace Bot.Corpus;

/// <summary>Where the source texts are, and where their index is kept.</summary>
public sealed class CorpusOptions : IValidatableObject
{
    public const string Section = "Corpus";

    /// <summary>
    /// The folder of source texts. When not set, the nearest folder named <c>corpus</c> above the program
    /// (or the working directory) is used, which finds the repository's corpus under <c>dotnet run</c>.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>The folder of the passage index (Lucene, with the passages' vectors). When not set, <c>index</c> beside the program.</summary>
    public string? IndexPath { get; set; }

    /// <summary>
    /// An index up to this size (megabytes) is read into memory when opened, so that a search reads no file;
    /// a larger one is read from its folder. 0 always reads from the folder.
    /// </summary>
    [Range(0, 1 << 20)]
    public int IndexInMemoryLimitMB { get; set; } = 64;

    public string ResolveFolder()
    {
        if (!string.IsNullOrWhiteSpace(Path))
            return System.IO.Path.GetFullPath(Path);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = System.IO.Path.Combine(directory.FullName, "corpus");
                if (Directory.Exists(candidate))
                    return candidate;
            }
        }
        throw new DirectoryNotFoundException("No corpus folder was found above the program or the working directory; set Corpus:Path.");
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Path) && !Directory.Exists(Path))
            yield return new ValidationResult($"Corpus:Path is '{Path}', and there is no such folder.", [nameof(Path)]);
    }

    public string ResolveIndexPath() =>
        string.IsNullOrWhiteSpace(IndexPath)
            ? System.IO.Path.Combine(AppContext.BaseDirectory, "index")
            : System.IO.Path.GetFullPath(IndexPath);
}
