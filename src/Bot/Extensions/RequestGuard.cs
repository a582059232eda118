using Bot.BotFramework;

namespace Bot.Extensions;

/// <summary>
/// What every request passes before any endpoint sees it: a Host header to build the bot's address from (the
/// citation links and a web chat's serviceUrl are made from it), and a body that the server can read. A body
/// that cannot be read (a malformed or endless chunk size, a body sent too slowly, one past the server's
/// limit) is the client's error wherever an endpoint reads it: 400 or 413, never a 500.
/// </summary>
public static partial class RequestGuard
{
    public static WebApplication UseRequestGuard(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestGuard));
        app.Use(async (http, next) =>
        {
            if (!http.Request.Host.HasValue || string.IsNullOrWhiteSpace(http.Request.Host.Host))
            {
                LogRefused(logger, 400, "no Host header");
                await ActivityReader.Error(StatusCodes.Status400BadRequest, "The request has no Host header.").ExecuteAsync(http).ConfigureAwait(false);
                return;
            }
            http.Request.Body = new ClientBody(http.Request.Body);
            try
            {
                await next(http).ConfigureAwait(false);
            }
            catch (Exception e) when (BodyFault(e) is { } fault && !http.Response.HasStarted)
            {
                LogRefused(logger, fault.StatusCode, fault.Message);
                http.Response.Clear();
                var status = fault.StatusCode is >= 400 and < 500 ? fault.StatusCode : StatusCodes.Status400BadRequest;
                await ActivityReader.Error(status, $"The request could not be read: {fault.Message}").ExecuteAsync(http).ConfigureAwait(false);
            }
        });
        return app;
    }

    /// <summary>The server's refusal of the body, however a reader wrapped it (a JSON reader wraps what the stream threw).</summary>
    static BadHttpRequestException? BodyFault(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad)
                return bad;
        }
        return null;
    }

    /// <summary>
    /// The request body as endpoints read it: whatever reading it throws (Kestrel reports a chunk size past any
    /// length as an I/O error, a client gone mid-body as a reset) is the client's fault and says so.
    /// </summary>
    sealed class ClientBody(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (IOException e)
            {
                throw Unreadable(e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw Unreadable(e);
            }
        }

        static BadHttpRequestException Unreadable(IOException e) => new($"The body could not be read: {e.Message}", StatusCodes.Status400BadRequest, e);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request the client got wrong ({Status}): {Reason}")]
    static partial void LogRefused(ILogger logger, int status, string reason);
}
