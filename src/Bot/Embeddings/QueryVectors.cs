using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Bot.Embeddings;

/// <summary>
/// A question's vector: the text behind the model's query prefix, embedded once and then served from a
/// bounded cache of recent questions, since suggested questions and common follow-ups come again and again.
/// </summary>
public sealed class QueryVectors : IDisposable
{
    readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    readonly string _prefix;
    readonly MemoryCache? _cache;

    public QueryVectors(IEmbeddingGenerator<string, Embedding<float>> generator, IOptions<EmbeddingOptions> options)
    {
        _generator = generator;
        _prefix = options.Value.QueryPrefix;
        // Least recently used entries go first once the cache is full.
        _cache = options.Value.QueryCacheSize > 0
            ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.QueryCacheSize, CompactionPercentage = 0.1 })
            : null;
    }

    public async ValueTask<float[]> EmbedAsync(string query, CancellationToken cancellationToken)
    {
        if (_cache is not null && _cache.TryGetValue(query, out float[]? cached) && cached is not null)
            return cached;
        var vector = (await _generator.GenerateAsync([_prefix + query], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector.ToArray();
        _cache?.Set(query, vector, new MemoryCacheEntryOptions { Size = 1 });
        return vector;
    }

    /// <summary>Vectors of texts as passages are embedded (no query prefix): for comparing a question's text with sentences.</summary>
    public async ValueTask<float[][]> EmbedTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        [.. (await _generator.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false)).Select(e => e.Vector.ToArray())];

    public void Dispose() => _cache?.Dispose();
}
