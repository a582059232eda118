namespace Bot.Tests.Support;

/// <summary>Paths in this repository, found from the test binary so tests run from any working directory.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Corpus => Path.Combine(Root, "corpus");

    public static string EvalFile(string name) => Path.Combine(Root, "tests", "Bot.Tests", "eval", name);

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bot.sln")))
                return directory.FullName;
        }
        throw new DirectoryNotFoundException("Bot.sln was not found above the test binary.");
    }
}

/// <summary>A folder under the system temp directory that is removed when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bot-tests-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A copy of the repository's corpus, for tests that change it.</summary>
    public static TempFolder WithCorpusCopy()
    {
        var folder = new TempFolder();
        foreach (var file in Directory.GetFiles(Repository.Corpus))
            System.IO.File.Copy(file, folder.File(System.IO.Path.GetFileName(file)));
        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing test; the OS cleans temp eventually.
        }
    }
}
