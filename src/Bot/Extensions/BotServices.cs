using Bot.Answers;
using Bot.Answers.Model;
using Bot.BotFramework;
using Bot.BotFramework.Auth;
using Bot.Channels;
using Bot.Channels.DirectLine;
using Bot.Channels.WebChat;
using Bot.Conversations;
using Bot.Corpus;
using Bot.Embeddings;
using Bot.Index;
using Bot.Reports;
using Bot.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Extensions;

public static class BotServices
{
    /// <summary>The answering pipeline, shared by every channel and by the command line: corpus, index, reader, composer, memory.</summary>
    public static IHostApplicationBuilder AddAnswering(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddTelemetry();
        services.AddOptions<CorpusOptions>().BindConfiguration(CorpusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<CorpusLoader>();
        services.AddSingleton(sp => sp.GetRequiredService<CorpusLoader>().Load(sp.GetRequiredService<IOptions<CorpusOptions>>().Value.ResolveFolder()));

        ArcticXsEmbeddingGenerator.StartRuntime();
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ArcticXsEmbeddingGenerator>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<ArcticXsEmbeddingGenerator>());
        services.AddSingleton<QueryVectors>();
        // Opened (and built, the first time or when the corpus changed) before the first request, by WarmUp.
        services.AddSingleton<IPassageIndex>(sp => LucenePassageIndex.OpenAsync(
            sp.GetRequiredService<IOptions<CorpusOptions>>().Value.ResolveIndexPath(),
            sp.GetRequiredService<CorpusSnapshot>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<LucenePassageIndex>(),
            inMemoryLimitBytes: (long)sp.GetRequiredService<IOptions<CorpusOptions>>().Value.IndexInMemoryLimitMB << 20).GetAwaiter().GetResult());
        services.AddSingleton<SentenceCatalog>();
        services.AddSingleton<QuestionReader>();
        services.TryAddSingleton(AnswerScorer.Default);
        services.TryAddSingleton(Answerability.Default);
        services.AddSingleton<AnswerTypes>();
        services.AddSingleton<Timeline>();
        services.AddSingleton<TimelineAnswers>();
        services.AddSingleton<EvidenceFinder>();
        services.AddOptions<AnswerOptions>().BindConfiguration(AnswerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<VerdictReader>();
        services.AddSingleton<ExtractiveComposer>();
        services.AddLanguageModel();
        services.AddSingleton<IAnswerComposer>(sp => sp.GetRequiredService<LanguageModel>().IsEnabled
            ? sp.GetRequiredService<ModelComposer>()
            : sp.GetRequiredService<ExtractiveComposer>());
        services.AddSingleton<FollowUpSuggester>();
        services.AddSingleton<Answerer>();
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JsonLinesFeedbackLog>();
        services.AddSingleton<FeedbackRecorder>();
        services.AddSingleton<ShortfallNotes>();
        services.AddHostedService(sp => sp.GetRequiredService<ShortfallNotes>());
        services.AddOptions<ConversationDatabaseOptions>()
            .BindConfiguration(ConversationDatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString = configuration.GetConnectionString("Conversations"))
            .ValidateDataAnnotations()
            .Validate(options => !options.IsEnabled || ConversationDatabase.IsReadable(options.ConnectionString!), "ConnectionStrings:Conversations is not a PostgreSQL connection string (for example: Host=db;Database=bot;Username=bot;Password=...)")
            .ValidateOnStart();
        if (builder.UsesSharedDatabase())
        {
            services.AddSingleton<ConversationDatabase>();
            services.AddSingleton<PostgresConversationStore>();
            services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<PostgresConversationStore>());
            services.AddSingleton<IExpiringRows>(sp => sp.GetRequiredService<PostgresConversationStore>());
            services.AddSingleton<IFeedbackLog, PostgresFeedbackLog>();
        }
        else
        {
            services.AddSingleton<IConversationStore, InMemoryConversationStore>();
            services.AddSingleton<IFeedbackLog>(sp => sp.GetRequiredService<JsonLinesFeedbackLog>());
        }
        return builder;
    }

    /// <summary>
    /// Whether conversations live in a PostgreSQL database that several instances share (<c>ConnectionStrings:Conversations</c>)
    /// rather than in this process. The passage index is local either way: each instance searches its own copy.
    /// </summary>
    static bool UsesSharedDatabase(this IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Conversations"));

    /// <summary>
    /// The operator's language model, when <c>Llm:Endpoint</c> is set: a Semantic Kernel with the OpenAI
    /// connector over the bot's own HttpClient, the limits around it, and what uses it. Without an endpoint,
    /// <see cref="LanguageModel"/> is there but disabled, and the bot answers offline.
    /// </summary>
    static void AddLanguageModel(this IServiceCollection services)
    {
        services.AddOptions<LanguageModelOptions>().BindConfiguration(LanguageModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The turn's budget bounds every call; HttpClient's own 100 s default would only hide a hang.
        services.AddHttpClient(LanguageModel.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LanguageModelOptions>>();
            var kernel = options.Value.IsEnabled
                ? LanguageModel.CreateKernel(options.Value, sp.GetRequiredService<IHttpClientFactory>().CreateClient(LanguageModel.HttpClientName), sp.GetRequiredService<IOptions<BotOptions>>().Value.Name)
                : null;
            return new LanguageModel(kernel, options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LanguageModel>>());
        });
        services.AddSingleton<SupportCheck>();
        services.AddSingleton<ModelComposer>();
        services.AddSingleton<IFollowUpRewriter, FollowUpRewriter>();
    }

    /// <summary>The Bot Framework endpoint, the Direct Line endpoint and chat page, and what they need to reply.</summary>
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChannelOptions>().BindConfiguration(ChannelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Readiness>();
        services.AddSingleton(sp => new Lazy<IPassageIndex>(sp.GetRequiredService<IPassageIndex>));
        services.AddHealthChecks().AddCheck<IndexHealthCheck>("index").AddCheck<Readiness>("ready");
        services.AddSingleton<ReplyRenderer>();
        // Made when the first question needs it: it needs the index, which may still be building when a request comes.
        services.AddSingleton(sp => new Lazy<Answerer>(sp.GetRequiredService<Answerer>));
        services.AddSingleton<ActivityHandler>();
        services.AddHostedService<ServerWarmUp>();
        services.AddSingleton<BackgroundTurns>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundTurns>());
        // A channel that answers a reply with a redirect does not get it re-sent elsewhere: the serviceUrl was
        // checked against the allow-list, the Location never is.
        services.AddHttpClient<ReplySender>().ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        // Azure's keys sit at the root of configuration (MicrosoftAppId); the login addresses under BotFramework.
        services.AddOptions<BotAuthOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                configuration.Bind(options);
                configuration.GetSection("BotFramework").Bind(options);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Bounded besides the validator's own deadline, so a fetch left running cannot outlive it by long.
        services.AddHttpClient(nameof(ChannelTokenValidator), client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(nameof(MsalBotTokenProvider));
        services.AddSingleton<ChannelTokenValidator>();
        services.AddSingleton<IBotTokenProvider, MsalBotTokenProvider>();

        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // One application name wherever an instance runs from, so instances sharing a key ring read each other's tokens.
        services.AddDataProtection().SetApplicationName(BotOptions.From(builder.Configuration).Name);
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineLimits>();
        services.AddSingleton<WebChatTurns>();
        if (builder.UsesSharedDatabase())
        {
            services.AddSingleton<PostgresDirectLineStore>();
            services.AddSingleton<IDirectLineStore>(sp => sp.GetRequiredService<PostgresDirectLineStore>());
            services.AddOptions<KeyManagementOptions>().Configure<ConversationDatabase>((options, database) => options.XmlRepository = new PostgresKeyRing(database));
            services.AddSingleton<IExpiringRows>(sp => sp.GetRequiredService<PostgresDirectLineStore>());
            services.AddSingleton<ExpiredRowSweeper>();
            services.AddHostedService(sp => sp.GetRequiredService<ExpiredRowSweeper>());
            services.AddHostedService<UnansweredMessages>();
        }
        else
        {
            services.AddSingleton<IDirectLineStore, InMemoryDirectLineStore>();
        }
        // Tokens are bearer credentials, not cookies, so any site may embed a chat against this bot.
        services.AddCors(cors => cors.AddPolicy(DirectLineEndpoints.CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("GET", "POST")
            .WithHeaders("Authorization", "Content-Type", "x-ms-bot-agent")
            .WithExposedHeaders("Retry-After")));
        services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            // JSON too: a poll without a watermark returns a whole stream, and answers are mostly text.
            compression.MimeTypes = ["text/javascript", "text/css", "text/html", "application/json"];
        });
        return builder;
    }

    /// <summary>
    /// Loads the corpus and opens (or builds) the index before the first request rather than during it. The
    /// embedding model loads in the background meanwhile, so the page is served at once and the first
    /// question waits, if at all, only for what is left of that.
    /// </summary>
    public static void WarmUp(this IServiceProvider services)
    {
        (services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>() as ArcticXsEmbeddingGenerator)?.StartLoading();
        services.GetRequiredService<IPassageIndex>();
        services.GetRequiredService<Answerer>();
    }

    /// <summary>{"status":"ok"} while every check passes; otherwise 503 and what failed.</summary>
    static Task WriteHealth(HttpContext http, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var healthy = report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
        return http.Response.WriteAsJsonAsync(new
        {
            status = healthy ? "ok" : "unhealthy",
            problems = healthy ? null : report.Entries.Where(e => e.Value.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy).ToDictionary(e => e.Key, e => e.Value.Description),
        });
    }

    public static WebApplication MapBot(this WebApplication app)
    {
        app.UseWebSecurity();
        app.UseRequestGuard();
        app.UseResponseCompression();
        app.UseCors();
        app.MapMessages();
        app.MapDirectLine();
        app.MapWebChat();
        app.MapSources();
        app.MapTimeline();
        app.MapOperator();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = WriteHealth });
        return app;
    }
}
