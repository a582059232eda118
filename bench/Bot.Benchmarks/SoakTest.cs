using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bot.Benchmarks;

/// <summary>
/// One visitor's address doing the most the limits allow, for minutes, against the bot as its own process on
/// loopback: opening web chats as fast as tokens are given, and posting the longest message allowed to each
/// as fast as a conversation may post; beside that, the largest activity /api/messages takes, to a
/// conversation whose channel refuses connections. The bot's resident memory is read every ten seconds: it
/// must level off, not climb with what is posted.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- soak [--seconds 240] [--DirectLine:MaxStoreBytes=...]</c>
/// </summary>
public static class SoakTest
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = LoadTest.Option(args, "--seconds", 240.0);
        var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal)).ToArray();
        using var server = await ServerProcess.StartAsync(settings);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseCookies = false }) { BaseAddress = server.Address };
        var longest = new string('x', Setting(settings, "DirectLine:MaxTextLength", 4_000));
        var activityText = new string('y', 250 * 1024);
        Console.WriteLine($"Server pid {server.Process.Id}; {seconds:0} s; messages of {longest.Length:N0} characters to the web chat, activities of {activityText.Length / 1024} KB to /api/messages.");
        Console.WriteLine($"Resident after start-up: {server.ResidentMegabytes():F0} MB");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var counts = new Counts();
        var conversations = new List<Task>();
        var opener = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && !args.Contains("--no-chats"))
            {
                var response = await http.PostAsync("/api/webchat/token", null, CancellationToken.None);
                counts.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var grant = JsonNode.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None))!;
                    lock (conversations)
                        conversations.Add(ChatAsync(http, (string)grant["token"]!, longest, counts, stop.Token));
                }
                else
                {
                    await Delay(RetryAfter(response), stop.Token);
                }
            }
        });
        var flooder = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && !args.Contains("--no-flood"); i++)
            {
                var response = await http.PostAsJsonAsync("/api/messages", new
                {
                    type = "message",
                    id = $"soak-{i}",
                    channelId = "emulator",
                    serviceUrl = "http://127.0.0.1:9/",
                    from = new { id = "user" },
                    recipient = new { id = "bot" },
                    conversation = new { id = "soak-refused-channel" },
                    text = activityText,
                }, CancellationToken.None);
                counts.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    await Delay(RetryAfter(response), stop.Token);
            }
        });

        Console.WriteLine("| time | resident | conversations opened | posts accepted | 429s | other statuses |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            await Delay(TimeSpan.FromSeconds(10), stop.Token);
            int opened;
            lock (conversations)
                opened = conversations.Count;
            Console.WriteLine($"| {clock.Elapsed.TotalSeconds:F0} s | {server.ResidentMegabytes():F0} MB | {opened:N0} | {counts.Ok:N0} | {counts.Throttled:N0} | {counts.Other:N0} |");
        }
        await Task.WhenAll(opener, flooder);
        Task[] chats;
        lock (conversations)
            chats = [.. conversations];
        await Task.WhenAll(chats);
        Console.WriteLine($"Peak resident: {server.PeakMegabytes():F0} MB");
        return 0;
    }

    /// <summary>One web chat: starts, then posts the longest message allowed as fast as it may, honouring 429.</summary>
    static async Task ChatAsync(HttpClient http, string token, string text, Counts counts, CancellationToken stop)
    {
        HttpRequestMessage Request(HttpMethod method, string path, object? body = null)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }
        using var start = Request(HttpMethod.Post, "/v3/directline/conversations", new { user = new { id = "soak" } });
        var started = await http.SendAsync(start, CancellationToken.None);
        if (!started.IsSuccessStatusCode)
            return;
        var conversationId = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync(CancellationToken.None))!["conversationId"]!;
        while (!stop.IsCancellationRequested)
        {
            using var post = Request(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", new { type = "message", from = new { id = "soak" }, text });
            var response = await http.SendAsync(post, CancellationToken.None);
            counts.Add(response.StatusCode);
            if (response.StatusCode != HttpStatusCode.OK)
                await Delay(RetryAfter(response), stop);
        }
    }

    static TimeSpan RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);

    static async Task Delay(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, stop);
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    static int Setting(string[] settings, string key, int fallback) =>
        settings.Select(s => s.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "--" + key).Select(p => int.Parse(p[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).First();

    sealed class Counts
    {
        int _ok;
        int _throttled;
        int _other;

        public int Ok => Volatile.Read(ref _ok);
        public int Throttled => Volatile.Read(ref _throttled);
        public int Other => Volatile.Read(ref _other);

        public void Add(HttpStatusCode status)
        {
            if (status == HttpStatusCode.OK)
                Interlocked.Increment(ref _ok);
            else if (status == HttpStatusCode.TooManyRequests)
                Interlocked.Increment(ref _throttled);
            else
                Interlocked.Increment(ref _other);
        }
    }
}
