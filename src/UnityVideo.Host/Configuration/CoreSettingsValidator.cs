using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace UnityVideo.Host.Configuration;

/// <summary>
/// The one <see cref="IValidateOptions{TOptions}"/> for settings that bind straight to a Core type
/// (<c>DiTConfig</c>, <c>TrainerOptions</c>, <c>SamplerOptions</c>): it runs the type's own <c>Validate()</c>, so a
/// rule lives once, in Core, whether the settings come from configuration or from code.
/// </summary>
/// <typeparam name="T">The Core settings type.</typeparam>
/// <param name="validate">The type's own validation (one line per problem, each starting with the member to change).</param>
public sealed class CoreSettingsValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T> where T : class
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = validate(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Turns Core's validation lines into configuration errors keyed by the setting they name.</summary>
public static partial class CoreSettingsProblems
{
    /// <summary>
    /// One <see cref="ConfigurationError"/> per line of <paramref name="problems"/>: a line starting with a member path
    /// (<c>Stages[1].Fraction must …</c>) is keyed <c>{section}:Stages:1:Fraction</c> with the rest as its message.
    /// </summary>
    public static IEnumerable<ConfigurationError> Errors(string section, IEnumerable<string> problems, Func<string, string?> sourceOf)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(sourceOf);
        foreach (var line in problems)
        {
            var (member, message) = Split(line);
            var key = member is null ? section : section + ":" + member.Replace("].", ":", StringComparison.Ordinal).Replace('[', ':').Replace("]", "", StringComparison.Ordinal).Replace('.', ':');
            yield return new ConfigurationError(key, message, sourceOf(key));
        }
    }

    /// <summary>The member path a validation line starts with (null when it names none) and the rest of the line.</summary>
    public static (string? Member, string Message) Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var m = MemberPath().Match(line);
        return m.Success ? (m.Groups[1].Value, m.Groups[2].Value) : (null, line);
    }

    [GeneratedRegex(@"^([A-Z][A-Za-z0-9]*(?:\[[^\]]*\]|\.[A-Z][A-Za-z0-9]*)*):? (.+)$", RegexOptions.Singleline)]
    private static partial Regex MemberPath();
}
