using System.Text.RegularExpressions;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// Reads segmentation prompts. One of the modality's own prompts (e.g. "segmentation mask") selects every
/// instance; "segment the &lt;class&gt;" selects the instances of one class, named in the singular or plural
/// ("segment the persons", "segment the person", "segment the people", "Segment the boxes.").
/// </summary>
public static partial class SegmentationPrompt
{
    /// <summary>The prompt that selects the instances of <paramref name="className"/>, e.g. "segment the spheres".</summary>
    public static string ForClass(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        return "segment the " + Plural(className.Trim().ToLowerInvariant());
    }

    /// <summary>English plural of a class name: person → persons, box → boxes, others + "s".</summary>
    public static string Plural(string noun)
    {
        ArgumentNullException.ThrowIfNull(noun);
        if (noun.EndsWith('s') || noun.EndsWith('x') || noun.EndsWith('z') || noun.EndsWith("ch", StringComparison.Ordinal) || noun.EndsWith("sh", StringComparison.Ordinal))
            return noun + "es";
        if (noun.Length > 1 && noun[^1] == 'y' && !"aeiou".Contains(noun[^2], StringComparison.Ordinal))
            return noun[..^1] + "ies";
        return noun + "s";
    }

    /// <summary>True when <paramref name="noun"/> (singular or plural, any case) names <paramref name="className"/>.</summary>
    public static bool Names(string noun, string className)
    {
        ArgumentNullException.ThrowIfNull(noun);
        ArgumentNullException.ThrowIfNull(className);
        var n = Normalize(noun);
        var c = Normalize(className);
        return n.Length > 0 && (n == c || n == Plural(c) || n == c + "s" || (c == "person" && n == "people"));
    }

    /// <summary>
    /// The class noun a prompt names, or null when the prompt selects every instance (null, empty, or one of
    /// <paramref name="allInstancePrompts"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The prompt is neither an all-instances prompt nor "segment the &lt;class&gt;".</exception>
    public static string? TargetNoun(string? prompt, IReadOnlyList<string> allInstancePrompts)
    {
        ArgumentNullException.ThrowIfNull(allInstancePrompts);
        if (string.IsNullOrWhiteSpace(prompt)) return null;
        var text = Normalize(prompt);
        if (allInstancePrompts.Any(p => Normalize(p) == text)) return null;
        var match = ClassPrompt().Match(text);
        if (!match.Success)
            throw new ArgumentException(
                $"{SegmentationModality.Name}: cannot read the prompt '{prompt}'; use one of {string.Join(", ", allInstancePrompts.Select(p => $"'{p}'"))} " +
                "(every instance) or 'segment the <class>', e.g. 'segment the persons'.",
                nameof(prompt));
        return match.Groups["noun"].Value;
    }

    // Lower case, single spaces, no trailing full stop.
    private static string Normalize(string text) => Whitespace().Replace(text.Trim().TrimEnd('.', '!').Trim(), " ").ToLowerInvariant();

    [GeneratedRegex(@"^segment (?:all )?(?:of )?(?:the )?(?<noun>[a-z][a-z0-9 _-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ClassPrompt();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
