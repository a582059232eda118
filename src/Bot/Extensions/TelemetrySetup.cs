using Azure.Monitor.OpenTelemetry.AspNetCore;
using Bot.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bot.Extensions;

/// <summary>
/// OpenTelemetry, off unless configured, with the settings OpenTelemetry's own documentation names:
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>, ...)
/// sends traces and metrics to an OTLP collector; <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> sends them to
/// Azure Monitor, as an Azure Bot's operator expects. Either may come from the environment or any other
/// configuration source. Without them nothing is collected and nothing leaves the machine.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ApplicationInsights = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BotTelemetry>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]);
        var azure = !string.IsNullOrWhiteSpace(builder.Configuration[ApplicationInsights]);
        if (!otlp && !azure)
            return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? BotOptions.From(builder.Configuration).Name))
            .WithTracing(tracing => tracing
                .AddSource(BotTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.Request.Path.StartsWithSegments("/healthz")))
            .WithMetrics(metrics => metrics
                .AddMeter(BotTelemetry.Name)
                .AddAspNetCoreInstrumentation());
        if (otlp)
            telemetry.UseOtlpExporter();
        if (azure)
        {
            // The distro's own settings (SamplingRatio, TracesPerSecond, EnableLiveMetrics, ...) under AzureMonitor.
            telemetry.UseAzureMonitor(options =>
            {
                builder.Configuration.GetSection("AzureMonitor").Bind(options);
                options.ConnectionString = builder.Configuration[ApplicationInsights];
            });
        }
        return builder;
    }
}
