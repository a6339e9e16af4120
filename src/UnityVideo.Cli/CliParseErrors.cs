using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;

namespace UnityVideo.Cli;

/// <summary>
/// Command-line syntax errors as the rest of the CLI reports failures: <c>error: ...</c> naming the option, exit 1,
/// and no CLR type names or help dump (System.CommandLine says "as expected type 'System.Nullable`1[System.Int32]'").
/// </summary>
internal static partial class CliParseErrors
{
    /// <summary>True when <paramref name="parse"/> has errors that should be reported instead of running (help still runs).</summary>
    public static bool Failed(ParseResult parse) => parse.Errors.Count > 0 && parse.Action is not HelpAction;

    /// <summary>Prints one <c>error:</c> line per problem; returns the exit code.</summary>
    public static int Report(ParseResult parse, TextWriter? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        stderr ??= Console.Error;
        foreach (var e in parse.Errors) stderr.WriteLine($"error: {Clear(e.Message)}");
        return CliErrors.UserError;
    }

    /// <summary>Rewrites a parser message in the user's terms.</summary>
    public static string Clear(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var m = CannotParse().Match(message);
        if (!m.Success) return message;
        var type = m.Groups["type"].Value;
        var expected = type switch
        {
            _ when type.Contains("UInt", StringComparison.Ordinal) => "a whole number ≥ 0",
            _ when type.Contains("Int", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => "a valid value",
        };
        return $"{m.Groups["option"].Value}: '{m.Groups["value"].Value}' is not {expected}.";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.?$")]
    private static partial Regex CannotParse();
}
