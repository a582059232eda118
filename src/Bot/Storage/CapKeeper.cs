namespace Bot.Storage;

/// <summary>
/// Keeps an in-memory store within its caps: one thread trims at a time, and the others carry on adding
/// instead of waiting for it.
/// </summary>
public sealed class CapKeeper
{
    int _trimming;

    /// <summary>Trims with <paramref name="trimOnce"/> until <paramref name="overCap"/> is false or another thread is trimming.</summary>
    public void Trim(Action trimOnce, Func<bool> overCap)
    {
        // What is added while another thread trims skips trimming; that thread looks again after it lets go,
        // so the caps hold once the additions stop, however many arrive at once.
        do
        {
            if (Interlocked.Exchange(ref _trimming, 1) == 1)
                return;
            try
            {
                trimOnce();
            }
            finally
            {
                Volatile.Write(ref _trimming, 0);
            }
        }
        while (overCap());
    }
}
