using Google.Protobuf;
using Onnx;

namespace Bot.Embeddings;

/// <summary>
/// Rewrites a float32 ONNX text encoder with int8 weights, a quarter of the size (arctic-embed-xs: 90 MB to
/// 23 MB, which is most of what the bot holds in memory). Two kinds of weight carry nearly all of a BERT-style
/// model, and each keeps its own scale so that no row or column is crushed by another's range:
/// <list type="bullet">
/// <item>the embedding tables read by <c>Gather</c> (the vocabulary alone is half the model): int8 per row, with
/// the row's scale gathered beside it and multiplied back in;</item>
/// <item>the weights of every <c>MatMul</c>: int8 per output column, run by ONNX Runtime's
/// <c>DynamicQuantizeMatMul</c>, which quantizes the activations as it goes (ONNX Runtime's own dynamic
/// quantization, as its Python quantizer writes it).</item>
/// </list>
/// Everything else (layer norms, biases, attention arithmetic) stays float. Measured on the bot's question
/// sets, answers are unchanged within a turn or two either way (docs/performance.md).
/// </summary>
public static class ModelQuantizer
{
    const string MicrosoftDomain = "com.microsoft";

    /// <summary>Reads the float model at <paramref name="source"/> and writes its int8 form to <paramref name="destination"/>.</summary>
    public static void Write(string source, string destination)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(source));
        Quantize(model);
        using var file = File.Create(destination);
        model.WriteTo(file);
    }

    /// <summary>Rewrites the model in place; weights that are already integers, or not two-dimensional, are left as they are.</summary>
    public static void Quantize(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph;
        var weights = graph.Initializer.Where(IsFloatMatrix).ToDictionary(i => i.Name, StringComparer.Ordinal);
        var quantized = new Dictionary<string, (string Values, string Scales)>(StringComparer.Ordinal);

        for (var at = 0; at < graph.Node.Count; at++)
        {
            var node = graph.Node[at];
            if (node.OpType == "Gather" && node.Domain.Length == 0 && weights.TryGetValue(node.Input[0], out var table))
            {
                var (values, scales) = quantized.TryGetValue(table.Name, out var done) ? done : quantized[table.Name] = AddPerRow(graph, table);
                var replacement = GatherScaled(node, values, scales);
                graph.Node.RemoveAt(at);
                for (var i = 0; i < replacement.Count; i++)
                    graph.Node.Insert(at + i, replacement[i]);
                at += replacement.Count - 1;
            }
            else if (node.OpType == "MatMul" && node.Domain.Length == 0 && weights.TryGetValue(node.Input[1], out var matrix))
            {
                var key = matrix.Name + "/columns";
                var (values, scales) = quantized.TryGetValue(key, out var done) ? done : quantized[key] = AddPerColumn(graph, matrix);
                var replacement = new NodeProto { OpType = "DynamicQuantizeMatMul", Domain = MicrosoftDomain, Name = node.Name + "_int8" };
                // A, B, B's scale and B's zero point (0: symmetric).
                replacement.Input.Add(node.Input[0]);
                replacement.Input.Add(values);
                replacement.Input.Add(scales);
                replacement.Input.Add(values + "_zero");
                replacement.Output.Add(node.Output[0]);
                graph.Node[at] = replacement;
            }
        }

        // A float weight no node reads any more is dropped; one something else still reads stays.
        var read = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var weight in weights.Values.Where(w => !read.Contains(w.Name) && !graph.Output.Any(o => o.Name == w.Name)))
            graph.Initializer.Remove(weight);
        if (quantized.Count > 0 && !model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
    }

    static bool IsFloatMatrix(TensorProto tensor) =>
        tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.Dims.Count == 2 && tensor.Dims[0] > 0 && tensor.Dims[1] > 0
        && (tensor.RawData.Length == 4 * tensor.Dims[0] * tensor.Dims[1] || tensor.FloatData.Count == tensor.Dims[0] * tensor.Dims[1]);

    /// <summary>The table's rows as int8, each with its own scale (a column vector, so that a gathered row's scale multiplies the whole row).</summary>
    static (string Values, string Scales) AddPerRow(GraphProto graph, TensorProto table)
    {
        var values = Floats(table);
        int rows = (int)table.Dims[0], columns = (int)table.Dims[1];
        var scales = new float[rows];
        var bytes = new byte[values.Length];
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * columns, columns);
            scales[r] = ScaleOf(row);
            for (var c = 0; c < columns; c++)
                bytes[r * columns + c] = ToInt8(row[c], scales[r]);
        }
        var name = table.Name + "_int8";
        graph.Initializer.Add(Tensor(name, TensorProto.Types.DataType.Int8, [rows, columns], bytes));
        graph.Initializer.Add(Tensor(name + "_scale", TensorProto.Types.DataType.Float, [rows, 1], AsBytes(scales)));
        return (name, name + "_scale");
    }

    /// <summary>The matrix's columns (one per output) as int8, each with its own scale, and their zero points (all 0).</summary>
    static (string Values, string Scales) AddPerColumn(GraphProto graph, TensorProto matrix)
    {
        var values = Floats(matrix);
        int rows = (int)matrix.Dims[0], columns = (int)matrix.Dims[1];
        var scales = new float[columns];
        var column = new float[rows];
        for (var c = 0; c < columns; c++)
        {
            for (var r = 0; r < rows; r++)
                column[r] = values[r * columns + c];
            scales[c] = ScaleOf(column);
        }
        var bytes = new byte[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
                bytes[r * columns + c] = ToInt8(values[r * columns + c], scales[c]);
        }
        var name = matrix.Name + "_int8";
        graph.Initializer.Add(Tensor(name, TensorProto.Types.DataType.Int8, [rows, columns], bytes));
        graph.Initializer.Add(Tensor(name + "_scale", TensorProto.Types.DataType.Float, [columns], AsBytes(scales)));
        graph.Initializer.Add(Tensor(name + "_zero", TensorProto.Types.DataType.Int8, [columns], new byte[columns]));
        return (name, name + "_scale");
    }

    /// <summary>Gather(int8 table) → Cast to float → times Gather(row scales): the float rows, give or take half a step.</summary>
    static List<NodeProto> GatherScaled(NodeProto gather, string values, string scales)
    {
        var (output, indices) = (gather.Output[0], gather.Input[1]);
        var rows = Node("Gather", gather.Name + "_int8", [values, indices], output + "_int8", gather.Attribute);
        var cast = Node("Cast", gather.Name + "_float", [output + "_int8"], output + "_unscaled",
            [new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float }]);
        var rowScales = Node("Gather", gather.Name + "_scale", [scales, indices], output + "_scale", gather.Attribute);
        var scaled = Node("Mul", gather.Name + "_scaled", [output + "_unscaled", output + "_scale"], output, []);
        return [rows, cast, rowScales, scaled];
    }

    static NodeProto Node(string op, string name, string[] inputs, string output, IEnumerable<AttributeProto> attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>Symmetric: the largest magnitude maps to 127, so 0 stays exactly 0.</summary>
    static float ScaleOf(ReadOnlySpan<float> values)
    {
        var largest = 0f;
        foreach (var value in values)
            largest = Math.Max(largest, Math.Abs(value));
        return largest > 0 ? largest / 127f : 1f;
    }

    static byte ToInt8(float value, float scale) => unchecked((byte)(sbyte)Math.Clamp(MathF.Round(value / scale), -127f, 127f));

    static float[] Floats(TensorProto tensor)
    {
        if (tensor.FloatData.Count > 0)
            return [.. tensor.FloatData];
        var values = new float[tensor.RawData.Length / sizeof(float)];
        // ONNX stores raw data little-endian, as .NET reads it on every platform it runs on here.
        Buffer.BlockCopy(tensor.RawData.ToByteArray(), 0, values, 0, values.Length * sizeof(float));
        return values;
    }

    static byte[] AsBytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    static TensorProto Tensor(string name, TensorProto.Types.DataType type, long[] dims, byte[] raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
