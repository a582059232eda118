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
        var vector = (await GenerateAsync([_prefix + query], cancellationToken).ConfigureAwait(false))[0].Vector.ToArray();
        _cache?.Set(query, vector, new MemoryCacheEntryOptions { Size = 1 });
        return vector;
    }

    /// <summary>The model's vectors for a turn's texts; whatever way the model fails, it is one exception the answerer knows.</summary>
    async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        try
        {
            return await _generator.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new EmbeddingFailedException(e);
        }
    }

    /// <summary>Vectors of texts as passages are embedded (no query prefix), such as the clauses of a sentence; cached like questions.</summary>
    public async ValueTask<float[][]> EmbedTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_cache is not null && _cache.TryGetValue(new TextKey(texts[i]), out float[]? cached) && cached is not null)
                vectors[i] = cached;
            else
                missing.Add(i);
        }
        if (missing.Count > 0)
        {
            var embedded = await GenerateAsync(missing.Select(i => texts[i]), cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < missing.Count; j++)
            {
                vectors[missing[j]] = embedded[j].Vector.ToArray();
                _cache?.Set(new TextKey(texts[missing[j]]), vectors[missing[j]], new MemoryCacheEntryOptions { Size = 1 });
            }
        }
        return vectors;
    }

    /// <summary>A text embedded without the query prefix: cached apart from the same words asked as a question.</summary>
    readonly record struct TextKey(string Text);

    public void Dispose() => _cache?.Dispose();
}
