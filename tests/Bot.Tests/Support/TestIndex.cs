using Bot.Corpus;
using Bot.Embeddings;
using Bot.Index;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Support;

/// <summary>
/// The embedding model and the repository corpus's index, shared by the whole test run: the model is loaded
/// once, as the bot loads it once for all its turns, and the index is built once (the real build, with real
/// vectors) and then opened read-only by every host that searches the repository corpus, as instances that
/// share a folder do. Tests of the build itself use folders of their own.
/// </summary>
public static class TestIndex
{
    static readonly Lazy<ArcticXsEmbeddingGenerator> SharedModel = new(() =>
    {
        var model = new ArcticXsEmbeddingGenerator(Options.Create(new EmbeddingOptions()), NullLogger<ArcticXsEmbeddingGenerator>.Instance);
        model.StartLoading();
        return model;
    });

    static readonly Lazy<string> SharedFolder = new(() =>
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-index", "repository");
        var corpus = new CorpusLoader(NullLogger<CorpusLoader>.Instance).Load(Repository.Corpus);
        LucenePassageIndex.OpenAsync(folder, corpus, Model, NullLogger.Instance).GetAwaiter().GetResult().Dispose();
        return folder;
    });

    /// <summary>The one loaded model, for every host and pipeline of the run.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Model => SharedModel.Value;

    /// <summary>The folder of the repository corpus's index, built on first use.</summary>
    public static string RepositoryFolder => SharedFolder.Value;

    /// <summary>A copy of the repository corpus's index, for an instance that must have a folder of its own.</summary>
    public static string CopyTo(string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(RepositoryFolder))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        return destination;
    }
}
