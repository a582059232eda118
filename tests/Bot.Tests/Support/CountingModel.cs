using Microsoft.Extensions.AI;

namespace Bot.Tests.Support;

/// <summary>The test run's shared model, counting the texts it is given to embed.</summary>
public sealed class CountingModel : IEmbeddingGenerator<string, Embedding<float>>
{
    int _texts;

    public int TextsEmbedded => Volatile.Read(ref _texts);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        Interlocked.Add(ref _texts, texts.Count);
        return TestIndex.Model.GenerateAsync(texts, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => TestIndex.Model.GetService(serviceType, serviceKey);

    // The shared model outlives every test.
    public void Dispose()
    {
    }
}
