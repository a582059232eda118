using Bot.Cli;
using Bot.Extensions;

// A mistyped setting would otherwise be ignored in silence.
if (SettingsOnTheCommandLine.Problems(args) is [_, ..] problems)
{
    foreach (var problem in problems)
        await Console.Error.WriteLineAsync(problem);
    return 2;
}

if (CommandLine.IsCommand(args))
    return await CommandLine.RunAsync(args);

// The settings file and the web chat assets sit beside Bot.dll; the folder it is started from may be any.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddAnswering();
builder.AddChannels();

var app = builder.Build();
app.MapBot();
await app.RunAsync();
return 0;
