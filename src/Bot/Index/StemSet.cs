using System.Collections;

namespace Bot.Index;

/// <summary>
/// A small set of stems as one sorted array: a sentence's words, a clause's, a heading's. Millions of these
/// are held for a large corpus, where a hash set apiece would cost several times the memory.
/// </summary>
public readonly struct StemSet : IReadOnlyCollection<string>
{
    readonly string[]? _stems;

    StemSet(string[] stems) => _stems = stems;

    public static StemSet Empty { get; } = new([]);

    public static StemSet Of(IEnumerable<string> stems)
    {
        var sorted = stems.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return new StemSet(sorted);
    }

    public int Count => _stems?.Length ?? 0;

    public bool Contains(string stem) => _stems is not null && Array.BinarySearch(_stems, stem, StringComparer.Ordinal) >= 0;

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)(_stems ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
