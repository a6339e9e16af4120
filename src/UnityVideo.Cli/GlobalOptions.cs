using System.CommandLine;
using System.CommandLine.Parsing;
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

    /// <summary>
    /// The configuration sources named on the command line. <paramref name="extraOverrides"/> are a verb's own options
    /// that set a key (<c>--steps</c> sets <c>Training:Steps</c>), each with the option's name: they and the
    /// <c>--set</c> values apply in command-line order, so the last value given for a key wins (the Generic-Host rule).
    /// </summary>
    public static ConfigurationSources Sources(ParseResult parse, IEnumerable<(string Option, string Override)>? extraOverrides = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var positioned = new List<(int Position, string Override)>();
        var sets = new Queue<string>(parse.GetValue(Set) ?? []);
        var afterSet = false;
        for (var i = 0; i < parse.Tokens.Count && sets.Count > 0; i++)
        {
            var token = parse.Tokens[i];
            if (token.Type == TokenType.Option) afterSet = token.Value == Set.Name;
            else if (afterSet && token.Type == TokenType.Argument && token.Value == sets.Peek()) positioned.Add((i, sets.Dequeue()));
        }
        positioned.AddRange(sets.Select(v => (int.MaxValue - 1, v))); // not found among the tokens (should not happen): keep them last
        foreach (var (option, value) in extraOverrides ?? [])
        {
            var last = -1;
            for (var i = 0; i < parse.Tokens.Count; i++)
                if (parse.Tokens[i].Type == TokenType.Option && parse.Tokens[i].Value == option) last = i;
            positioned.Add((last, value));
        }
        return new ConfigurationSources
        {
            ConfigFile = parse.GetValue(Config),
            Overrides = [.. positioned.OrderBy(p => p.Position).Select(p => p.Override)],
        };
    }
}
