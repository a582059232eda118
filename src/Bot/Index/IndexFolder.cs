using Lucene.Net.Index;
using Directory = System.IO.Directory;

namespace Bot.Index;

/// <summary>
/// The care of an index folder on disk: what it was built from (as its commit records it), leftovers of a
/// build that crashed, and moving a newly built folder into place whole, so that a reader sees the old folder
/// or the new one and never half of either.
/// </summary>
internal static class IndexFolder
{
    /// <summary>What the folder was built from, as its commit records it.</summary>
    public static string? Recorded(DirectoryReader reader) =>
        reader.IndexCommit.UserData.TryGetValue("corpus", out var recorded) ? recorded : null;


    /// <summary>Folders that a crashed build left beside this one.</summary>
    public static void RemoveLeftovers(string folder)
    {
        var parent = Path.GetDirectoryName(folder)!;
        var name = Path.GetFileName(folder);
        foreach (var leftover in Directory.EnumerateDirectories(parent, name + ".*"))
        {
            var suffix = Path.GetFileName(leftover)[name.Length..];
            if (suffix.StartsWith(".building-", StringComparison.Ordinal) || suffix.StartsWith(".old-", StringComparison.Ordinal))
                DeleteQuietly(leftover);
        }
    }

    public static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Removed at the next start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }


    /// <summary>Puts a built folder where the index lives; a crash part way leaves a leftover that the next start removes.</summary>
    public static void MoveIntoPlace(string built, string folder)
    {
        var old = $"{folder}.old-{Guid.NewGuid():N}";
        if (Directory.Exists(folder))
            Directory.Move(folder, old);
        else if (File.Exists(folder))
            File.Delete(folder);
        Directory.Move(built, folder);
        DeleteQuietly(old);
    }
}
