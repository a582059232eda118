using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bot.Index;

/// <summary>
/// Every passage's vector in one contiguous block, scanned whole for a question's nearest passages. Each
/// vector is kept as signed bytes with a scale of its own (scalar quantisation, as Lucene 9 does for its
/// vector search): a quarter of the memory of floats, and a scan that reads a quarter of the bytes. The
/// scan only ranks; the scores given out are exact cosines from the stored float vectors.
/// </summary>
public sealed class VectorMatrix
{
    readonly sbyte[] _values;
    readonly float[] _scales;

    public VectorMatrix(int dimensions, IReadOnlyList<float[]> vectors)
    {
        Dimensions = dimensions;
        Count = vectors.Count;
        _values = new sbyte[Count * dimensions];
        _scales = new float[Count];
        for (var row = 0; row < Count; row++)
            _scales[row] = Quantize(vectors[row], _values.AsSpan(row * dimensions, dimensions));
    }

    public int Dimensions { get; }
    public int Count { get; }

    /// <summary>Memory held by the matrix, for the operator's figures.</summary>
    public long Bytes => _values.LongLength + (_scales.LongLength * sizeof(float));

    /// <summary>Past this many rows the scan is split across the cores, each part keeping its own best.</summary>
    const int RowsPerPart = 32_768;

    /// <summary>The rows nearest the query, best first, with their approximate cosines.</summary>
    public IReadOnlyList<(int Row, float Score)> Nearest(ReadOnlySpan<float> query, int limit)
    {
        if (limit <= 0 || Count == 0 || query.Length != Dimensions)
            return [];
        var quantized = new sbyte[Dimensions];
        var queryScale = Quantize(query, quantized);
        var parts = Math.Clamp(Count / RowsPerPart, 1, Environment.ProcessorCount);
        var found = new (int Row, float Score)[parts][];
        if (parts == 1)
            found[0] = Scan(quantized, 0, Count, limit);
        else
            Parallel.For(0, parts, part => found[part] = Scan(quantized, (int)((long)Count * part / parts), (int)((long)Count * (part + 1) / parts), limit));
        return [.. found.SelectMany(f => f).OrderByDescending(f => f.Score).Take(limit).Select(f => (f.Row, f.Score * queryScale))];
    }

    (int Row, float Score)[] Scan(sbyte[] quantized, int from, int to, int limit)
    {
        var best = new PriorityQueue<int, float>(limit + 1);
        ReadOnlySpan<sbyte> values = _values;
        for (var row = from; row < to; row++)
        {
            var score = Dot(quantized, values.Slice(row * Dimensions, Dimensions)) * _scales[row];
            if (best.Count < limit)
                best.Enqueue(row, score);
            else if (best.TryPeek(out _, out var worst) && score > worst)
                best.EnqueueDequeue(row, score);
        }
        var rows = new (int Row, float Score)[best.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            best.TryDequeue(out var row, out var score);
            rows[i] = (row, score);
        }
        return rows;
    }

    /// <summary>The approximate cosine of one row with a query.</summary>
    public float Score(int row, ReadOnlySpan<float> query)
    {
        ReadOnlySpan<sbyte> values = _values.AsSpan(row * Dimensions, Dimensions);
        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
            sum += values[i] * query[i];
        return sum * _scales[row];
    }

    static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> into)
    {
        var largest = Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        var scale = largest > 0 ? largest / 127f : 1f;
        for (var i = 0; i < vector.Length; i++)
            into[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        return scale;
    }

    /// <summary>The integer dot product of two byte vectors; AVX2 multiplies and adds sixteen pairs at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported)
        {
            ref var left = ref MemoryMarshal.GetReference(a);
            ref var right = ref MemoryMarshal.GetReference(b);
            var total = Vector256<int>.Zero;
            for (; i <= a.Length - 16; i += 16)
            {
                var x = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref left, (nuint)i));
                var y = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref right, (nuint)i));
                total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(x, y));
            }
            sum = Vector256.Sum(total);
        }
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
