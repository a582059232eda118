using System.Runtime;
using System.Runtime.InteropServices;

namespace Bot.Extensions;

/// <summary>
/// Gives back the memory the start-up's one-off work used (building the index embeds every passage in batches
/// of 16, converting the model reads it whole), so that a server that built its own index holds what one that
/// found it built does. Without it, `bench floor` on a server that had just built its index held 305 to 309 MB
/// after 1,000 turns, against 240 to 249 MB on one that opened a built index; with it, 256 to 262 MB.
/// </summary>
static class StartUpMemory
{
    public static void Release()
    {
        // The workstation GC keeps the heap the build grew to; an aggressive, compacting collection (the large
        // object heap included) decommits what it no longer needs.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // ONNX Runtime and Lucene free native memory glibc keeps in its arenas until asked to return it.
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl, as in Alpine images): nothing to trim.
            }
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);
}
