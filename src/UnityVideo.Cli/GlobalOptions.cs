using System.CommandLine;
using UnityVideo.Host.Configuration;

namespace UnityVideo.Cli;

/// <summary>Options every verb accepts: the experiment file, key overrides and verbosity.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Experiment configuration (JSON), layered over the built-in defaults and appsettings.json.",
        HelpName = "FILE",
        Recursive = true,
    };

    public static readonly Option<string[]> Set = new("--set")
    {
        Description = "Override one configuration key, e.g. --set Training:Steps=200 (repeatable; applied last).",
        HelpName = "KEY=VALUE",
        Recursive = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print stack traces for unexpected errors.",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Add(Config);
        root.Add(Set);
        root.Add(Verbose);
    }

    /// <summary>The configuration sources named on the command line.</summary>
    public static ConfigurationSources Sources(ParseResult parse, IEnumerable<string>? extraOverrides = null) => new()
    {
        ConfigFile = parse.GetValue(Config),
        Overrides = [.. parse.GetValue(Set) ?? [], .. extraOverrides ?? []],
    };
}
