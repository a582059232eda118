using System.Numerics.Tensors;
using Bot.Embeddings;
using Microsoft.Extensions.AI;

namespace Bot.Benchmarks;

/// <summary>
/// A stand-in for the model where embedding every text would take hours: each word adds a signed unit to
/// one of 384 dimensions chosen by its hash (feature hashing), and the sum is normalised. It has the model's
/// shape and id, so an index built with it stores, loads and scans exactly as a real one; only the vectors'
/// meaning is lost, which the cost of storing and scanning them does not depend on.
/// </summary>
public sealed class HashingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    readonly EmbeddingGeneratorMetadata _metadata = new("hashing", null, ArcticXsEmbeddingGenerator.ModelId, ArcticXsEmbeddingGenerator.Dimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Vector(v)))));

    static float[] Vector(string text)
    {
        var vector = new float[ArcticXsEmbeddingGenerator.Dimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', ',', '.', ';', ':', '"', '?', '!'], StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 2166136261u;
            foreach (var c in word)
                hash = (hash ^ c) * 16777619u;
            vector[hash % (uint)vector.Length] += (hash & 0x8000_0000u) == 0 ? 1 : -1;
        }
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
            TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata : null;

    public void Dispose()
    {
    }
}
