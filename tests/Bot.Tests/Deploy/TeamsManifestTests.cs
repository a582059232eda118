using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Tests.Support;

namespace Bot.Tests.Deploy;

/// <summary>
/// The Teams app in deploy/teams: its manifest keeps to the limits Teams enforces on upload, its icons
/// have the sizes Teams asks for, and package.sh turns them into a zip Teams accepts.
/// </summary>
public sealed partial class TeamsManifestTests
{
    const string SampleBotId = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";
    const string SampleTeamsAppId = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";

    static readonly string TeamsFolder = Path.Combine(Repository.Root, "deploy", "teams");
    static readonly string ManifestPath = Path.Combine(TeamsFolder, "manifest.json");
    static readonly string PackageScript = Path.Combine(TeamsFolder, "package.sh");
    static readonly string[] PackageFiles = ["color.png", "manifest.json", "outline.png"];
    static readonly string[] DeveloperLinks = ["websiteUrl", "privacyUrl", "termsOfUseUrl"];
    static readonly string[] ScriptSettings = ["BOT_ID", "TEAMS_APP_ID", "OUT_DIR", "WEBSITE_URL", "PRIVACY_URL", "TERMS_URL"];

    static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [GeneratedRegex(@"^https://developer\.microsoft\.com/(en-us/)?json-schemas/teams/v(?<version>\d+\.\d+)/MicrosoftTeams\.schema\.json$")]
    private static partial Regex SchemaUrl();

    // semver.org's own pattern, shortened: MAJOR.MINOR.PATCH with optional pre-release and build parts.
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemanticVersion();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();

    [Fact]
    public void The_manifest_version_is_the_one_its_schema_url_names()
    {
        var manifest = Manifest();

        var match = SchemaUrl().Match(Text(manifest["$schema"], "$schema"));

        Assert.True(match.Success, $"$schema is not a Teams manifest schema URL: {manifest["$schema"]}");
        Assert.Equal(match.Groups["version"].Value, Text(manifest["manifestVersion"], "manifestVersion"));
    }

    [Fact]
    public void The_app_has_a_semantic_version_and_a_guid_or_placeholder_id()
    {
        var manifest = Manifest();

        Assert.Matches(SemanticVersion(), Text(manifest["version"], "version"));
        Assert.True(IsGuidOrPlaceholder(Text(manifest["id"], "id")), $"id is neither a GUID nor a ${{{{...}}}} placeholder: {manifest["id"]}");
    }

    [Fact]
    public void The_developer_has_a_name_and_https_links_for_the_website_privacy_and_terms()
    {
        var developer = Manifest()["developer"];

        var name = Text(developer?["name"], "developer.name");
        Assert.InRange(name.Length, 1, 32);
        foreach (var key in DeveloperLinks)
        {
            var url = Text(developer?[key], $"developer.{key}");
            Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, $"developer.{key} is not an https URL: {url}");
        }
    }

    [Fact]
    public void The_names_and_descriptions_fit_the_lengths_teams_allows()
    {
        var manifest = Manifest();

        Assert.InRange(Text(manifest["name"]?["short"], "name.short").Length, 1, 30);
        Assert.InRange(Text(manifest["name"]?["full"], "name.full").Length, 1, 100);
        Assert.InRange(Text(manifest["description"]?["short"], "description.short").Length, 1, 80);
        Assert.InRange(Text(manifest["description"]?["full"], "description.full").Length, 1, 4000);
    }

    [Fact]
    public void The_accent_color_is_an_html_hex_color()
    {
        Assert.Matches(HexColor(), Text(Manifest()["accentColor"], "accentColor"));
    }

    [Fact]
    public void The_icons_are_a_192_pixel_color_png_and_a_32_pixel_outline_png()
    {
        var icons = Manifest()["icons"];

        var color = File.ReadAllBytes(Path.Combine(TeamsFolder, Text(icons?["color"], "icons.color")));
        var outline = File.ReadAllBytes(Path.Combine(TeamsFolder, Text(icons?["outline"], "icons.outline")));

        Assert.Equal((192, 192), PngSize(color));
        Assert.Equal((32, 32), PngSize(outline));
    }

    [Fact]
    public void The_outline_icon_is_white_on_a_transparent_background()
    {
        var outline = File.ReadAllBytes(Path.Combine(TeamsFolder, Text(Manifest()["icons"]?["outline"], "icons.outline")));

        var pixels = Pixels(outline).SelectMany(row => row).ToList();

        Assert.Contains(pixels, p => p.Alpha == 0);
        Assert.Contains(pixels, p => p.Alpha == 255);
        Assert.All(pixels.Where(p => p.Alpha > 0), p => Assert.Equal(new Pixel(255, 255, 255, p.Alpha), p));
    }

    [Fact]
    public void The_manifest_names_the_bot_in_personal_team_and_group_chat_scopes()
    {
        var bots = Manifest()["bots"]?.AsArray();

        Assert.NotNull(bots);
        var bot = Assert.Single(bots);
        Assert.True(IsGuidOrPlaceholder(Text(bot?["botId"], "botId")), $"botId is neither a GUID nor a placeholder: {bot?["botId"]}");
        var scopes = Texts(bot?["scopes"], "bots[0].scopes");
        Assert.Contains("personal", scopes);
        Assert.Contains("team", scopes);
        Assert.Contains("groupChat", scopes);
        Assert.False(bot?["isNotificationOnly"]?.GetValue<bool>() ?? false, "A notification-only bot cannot be chatted with.");
    }

    [Fact]
    public void The_bot_s_sample_commands_fit_the_lengths_teams_allows()
    {
        var bot = Manifest()["bots"]?[0];
        var botScopes = Texts(bot?["scopes"], "bots[0].scopes");
        var commandLists = bot?["commandLists"]?.AsArray();

        Assert.NotNull(commandLists);
        Assert.InRange(commandLists.Count, 1, 3);
        foreach (var list in commandLists)
        {
            Assert.All(Texts(list?["scopes"], "commandLists[].scopes"), scope => Assert.Contains(scope, botScopes));
            var commands = list?["commands"]?.AsArray();
            Assert.NotNull(commands);
            Assert.InRange(commands.Count, 1, 10);
            foreach (var command in commands)
            {
                var title = Text(command?["title"], "commands[].title");
                Assert.InRange(title.Length, 1, 32);
                Assert.InRange(Text(command?["description"], $"the description of \"{title}\"").Length, 1, 128);
            }
        }
    }

    [Fact]
    public async Task The_package_holds_the_manifest_with_the_bot_id_filled_in_and_both_icons_at_its_root()
    {
        using var output = new TempFolder();

        var (exitCode, log) = await RunPackageScriptAsync([SampleBotId, output.Path]);

        SucceededOrFail(exitCode, log);
        using var zip = ZipFile.OpenRead(output.File("japan-russia-bot.zip"));
        Assert.Equal(PackageFiles, zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var text = await ReadEntryAsync(zip, "manifest.json");
        Assert.DoesNotContain("${{", text, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(text)!;
        Assert.Equal(SampleBotId, Text(manifest["id"], "id"));
        Assert.Equal(SampleBotId, Text(manifest["bots"]?[0]?["botId"], "botId"));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TeamsFolder, "color.png")), await ReadEntryBytesAsync(zip, "color.png"));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TeamsFolder, "outline.png")), await ReadEntryBytesAsync(zip, "outline.png"));
    }

    [Fact]
    public async Task The_package_takes_a_separate_teams_app_id_from_the_environment()
    {
        using var output = new TempFolder();

        var (exitCode, log) = await RunPackageScriptAsync([SampleBotId], new() { ["TEAMS_APP_ID"] = SampleTeamsAppId, ["OUT_DIR"] = output.Path });

        SucceededOrFail(exitCode, log);
        using var zip = ZipFile.OpenRead(output.File("japan-russia-bot.zip"));
        var manifest = JsonNode.Parse(await ReadEntryAsync(zip, "manifest.json"))!;
        Assert.Equal(SampleTeamsAppId, Text(manifest["id"], "id"));
        Assert.Equal(SampleBotId, Text(manifest["bots"]?[0]?["botId"], "botId"));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("0b1c2d3e4f5046178293a4b5c6d7e8f9")]
    [InlineData("0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9 extra")]
    public async Task The_package_script_refuses_an_app_id_that_is_not_a_guid(string appId)
    {
        using var output = new TempFolder();

        var (exitCode, log) = await RunPackageScriptAsync([appId, output.Path]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("GUID", log, StringComparison.Ordinal);
        Assert.False(File.Exists(output.File("japan-russia-bot.zip")));
    }

    static JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(ManifestPath))!.AsObject();

    static string Text(JsonNode? node, string what)
    {
        Assert.True(node is JsonValue, $"manifest.json has no text at {what}.");
        return node.GetValue<string>();
    }

    static List<string> Texts(JsonNode? node, string what)
    {
        Assert.True(node is JsonArray, $"manifest.json has no list at {what}.");
        return node.AsArray().Select(item => Text(item, what)).ToList();
    }

    static bool IsGuidOrPlaceholder(string value) =>
        Guid.TryParseExact(value, "D", out _) || value is "${{TEAMS_APP_ID}}" or "${{BOT_ID}}";

    /// <summary>The width and height from a PNG's IHDR chunk, which the format puts first.</summary>
    static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(PngSignature), "The file is not a PNG.");
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    readonly record struct Pixel(byte Red, byte Green, byte Blue, byte Alpha);

    /// <summary>Decodes an 8-bit, non-interlaced PNG with an alpha channel (RGBA or grey and alpha), as an outline icon needs.</summary>
    static List<Pixel[]> Pixels(byte[] png)
    {
        var (width, height) = PngSize(png);
        int bitDepth = png[24], colorType = png[25], interlace = png[28];
        Assert.Equal(8, bitDepth);
        Assert.True(colorType is 6 or 4, $"The PNG has no alpha channel (colour type {colorType}); an outline icon needs a transparent background.");
        Assert.Equal(0, interlace);
        var channels = colorType == 6 ? 4 : 2;

        using var compressed = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset, 4));
            if (Encoding.ASCII.GetString(png, offset + 4, 4) == "IDAT")
                compressed.Write(png, offset + 8, length);
            offset += 12 + length;
        }
        compressed.Position = 0;
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var data = raw.ToArray();

        var stride = width * channels;
        var previous = new byte[stride];
        var rows = new List<Pixel[]>();
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var line = data.AsSpan((y * (stride + 1)) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? line[i - channels] : 0;
                int up = previous[i];
                int upLeft = i >= channels ? previous[i - channels] : 0;
                var predicted = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Unknown PNG filter type {filter}."),
                };
                line[i] = unchecked((byte)(line[i] + predicted));
            }
            rows.Add(Enumerable.Range(0, width)
                .Select(x => channels == 4
                    ? new Pixel(line[x * 4], line[(x * 4) + 1], line[(x * 4) + 2], line[(x * 4) + 3])
                    : new Pixel(line[x * 2], line[x * 2], line[x * 2], line[(x * 2) + 1]))
                .ToArray());
            previous = line;
        }
        return rows;
    }

    static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var (toLeft, toUp, toUpLeft) = (Math.Abs(estimate - left), Math.Abs(estimate - up), Math.Abs(estimate - upLeft));
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    static async Task<(int ExitCode, string Log)> RunPackageScriptAsync(string[] arguments, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(PackageScript);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Only what the test passes: none of the script's settings may leak in from the caller's shell.
        foreach (var name in ScriptSettings)
            start.Environment.Remove(name);
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
                start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("package.sh did not finish within a minute.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    static void SucceededOrFail(int exitCode, string log)
    {
        if (exitCode != 0)
            Assert.Fail($"package.sh failed with exit code {exitCode}:\n{log}");
    }

    static async Task<string> ReadEntryAsync(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.NotNull(entry);
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    static async Task<byte[]> ReadEntryBytesAsync(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.NotNull(entry);
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
