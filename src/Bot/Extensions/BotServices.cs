using Bot.Answers;
using Bot.Answers.Model;
using Bot.Channels;
using Bot.Channels.Auth;
using Bot.Channels.DirectLine;
using Bot.Channels.WebChat;
using Bot.Conversations;
using Bot.Corpus;
using Bot.Index;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Bot.Extensions;

public static class BotServices
{
    /// <summary>The answering pipeline, shared by every channel and by the command line: corpus, index, reader, composer, memory.</summary>
    public static IHostApplicationBuilder AddAnswering(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CorpusOptions>().BindConfiguration(CorpusOptions.Section);
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<CorpusLoader>();
        services.AddSingleton(sp => sp.GetRequiredService<CorpusLoader>().Load(sp.GetRequiredService<IOptions<CorpusOptions>>().Value.ResolveFolder()));
        services.AddSingleton<IPassageIndex>(sp => SqlitePassageIndex.Open(
            sp.GetRequiredService<IOptions<CorpusOptions>>().Value.ResolveIndexPath(),
            sp.GetRequiredService<CorpusSnapshot>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<SqlitePassageIndex>()));
        services.AddSingleton<SentenceCatalog>();
        services.AddSingleton<EvidenceFinder>();
        services.AddSingleton<ExtractiveComposer>();
        services.AddLanguageModel();
        services.AddSingleton<IAnswerComposer>(sp => sp.GetRequiredService<LanguageModel>().IsEnabled
            ? sp.GetRequiredService<ModelComposer>()
            : sp.GetRequiredService<ExtractiveComposer>());
        services.AddSingleton<FollowUpSuggester>();
        services.AddSingleton<IConversationStore, InMemoryConversationStore>();
        services.AddSingleton<Answerer>();
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.Section);
        services.AddSingleton<IFeedbackLog, JsonLinesFeedbackLog>();
        services.AddSingleton<FeedbackRecorder>();
        return builder;
    }

    /// <summary>
    /// The operator's language model, when <c>Llm:Endpoint</c> is set: an <see cref="IChatClient"/> over the
    /// OpenAI SDK, the limits around it, and what uses it. Without an endpoint, <see cref="LanguageModel"/>
    /// is there but disabled, and the bot answers offline.
    /// </summary>
    static void AddLanguageModel(this IServiceCollection services)
    {
        services.AddOptions<LanguageModelOptions>().BindConfiguration(LanguageModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The turn's budget bounds every call; HttpClient's own 100 s default would only hide a hang.
        services.AddHttpClient(LanguageModel.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IChatClient>(sp => new OpenAIChatClient(
            sp.GetRequiredService<IOptions<LanguageModelOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(LanguageModel.HttpClientName)));
        services.AddSingleton(sp => new LanguageModel(
            sp.GetRequiredService<IOptions<LanguageModelOptions>>().Value.IsEnabled ? sp.GetRequiredService<IChatClient>() : null,
            sp.GetRequiredService<IOptions<LanguageModelOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LanguageModel>>()));
        services.AddSingleton<ModelComposer>();
        services.AddSingleton<FollowUpRewriter>();
    }

    /// <summary>The Bot Framework endpoint, the Direct Line endpoint and chat page, and what they need to reply.</summary>
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChannelOptions>().BindConfiguration(ChannelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReplyRenderer>();
        services.AddSingleton<ActivityHandler>();
        services.AddSingleton<BackgroundTurns>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundTurns>());
        services.AddHttpClient<ReplySender>();

        // Azure's keys sit at the root of configuration (MicrosoftAppId); the login addresses under BotFramework.
        services.AddOptions<BotAuthOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                configuration.Bind(options);
                configuration.GetSection("BotFramework").Bind(options);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(nameof(ChannelTokenValidator));
        services.AddHttpClient(nameof(MsalBotTokenProvider));
        services.AddSingleton<ChannelTokenValidator>();
        services.AddSingleton<IBotTokenProvider, MsalBotTokenProvider>();

        services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDataProtection();
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineLimits>();
        services.AddSingleton<IDirectLineStore, InMemoryDirectLineStore>();
        // Tokens are bearer credentials, not cookies, so any site may embed a chat against this bot.
        services.AddCors(cors => cors.AddPolicy(DirectLineEndpoints.CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("GET", "POST")
            .WithHeaders("Authorization", "Content-Type", "x-ms-bot-agent")
            .WithExposedHeaders("Retry-After")));
        services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.MimeTypes = ["text/javascript", "text/css", "text/html"];
        });
        return builder;
    }

    /// <summary>Loads the corpus and opens (or builds) the index before the first request rather than during it.</summary>
    public static void WarmUp(this IServiceProvider services)
    {
        services.GetRequiredService<IPassageIndex>();
        services.GetRequiredService<Answerer>();
    }

    public static WebApplication MapBot(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseCors();
        app.MapMessages();
        app.MapDirectLine();
        app.MapWebChat();
        app.MapSources();
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
