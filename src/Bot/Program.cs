using Bot.Cli;
using Bot.Extensions;

if (CommandLine.IsCommand(args))
    return await CommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddAnswering();
builder.AddChannels();

var app = builder.Build();
app.Services.WarmUp();
app.MapBot();
await app.RunAsync();
return 0;
