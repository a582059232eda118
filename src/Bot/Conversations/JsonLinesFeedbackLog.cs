using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Bot.Conversations;

/// <summary>One JSON object per line, appended and flushed per record, so a crash loses at most the record being written and any tool can read it.</summary>
public sealed class JsonLinesFeedbackLog(IOptions<FeedbackOptions> options) : IFeedbackLog, IDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    readonly string _path = options.Value.ResolvePath();
    readonly SemaphoreSlim _writing = new(1, 1);

    public string FilePath => _path;

    public async ValueTask AppendAsync(FeedbackRecord record, CancellationToken cancellationToken)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
            await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask<IReadOnlyList<FeedbackRecord>> ReadAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
            return [];
        var records = new List<FeedbackRecord>();
        await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            FeedbackRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<FeedbackRecord>(line, Json);
            }
            catch (JsonException)
            {
                // A line cut short by a crash, or written by hand: the rest still count.
                continue;
            }
            if (record is not null && record.At >= since)
                records.Add(record);
        }
        return [.. records.OrderByDescending(r => r.At).Take(limit)];
    }

    public void Dispose() => _writing.Dispose();
}
