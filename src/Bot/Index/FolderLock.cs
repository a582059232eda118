namespace Bot.Index;

/// <summary>
/// An exclusive lock on a file, held by one process (and one caller in it) at a time: instances that share
/// an index folder take turns to check and build it.
/// </summary>
public sealed class FolderLock : IDisposable
{
    readonly FileStream _file;

    FolderLock(FileStream file) => _file = file;

    public static async Task<FolderLock> TakeAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                // Another instance is checking or building; it will not be long.
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
