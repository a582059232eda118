using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Lucene.Net.Util;

namespace Bot.Index;

/// <summary>How vectors are kept in the index: passage vectors as floats, sentence vectors at half precision, and each embedded text known by a hash of it.</summary>
internal static class StoredVectors
{
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    public static ReadOnlySpan<byte> Bytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan());

    public static List<float[]> SplitHalves(BytesRef bytes, int dimensions)
    {
        var halves = MemoryMarshal.Cast<byte, Half>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length));
        if (halves.Length % dimensions != 0)
            throw new InvalidDataException($"Stored sentence vectors have {halves.Length} values, not a multiple of {dimensions}.");
        var vectors = new List<float[]>(halves.Length / dimensions);
        for (var start = 0; start < halves.Length; start += dimensions)
        {
            var vector = new float[dimensions];
            TensorPrimitives.ConvertToSingle(halves.Slice(start, dimensions), vector);
            vectors.Add(vector);
        }
        return vectors;
    }

    public static List<float[]> Split(BytesRef bytes, int dimensions)
    {
        var floats = MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length));
        if (floats.Length % dimensions != 0)
            throw new InvalidDataException($"A stored vector has {floats.Length} values, not a multiple of {dimensions}.");
        var vectors = new List<float[]>(floats.Length / dimensions);
        for (var start = 0; start < floats.Length; start += dimensions)
            vectors.Add(floats.Slice(start, dimensions).ToArray());
        return vectors;
    }
}
