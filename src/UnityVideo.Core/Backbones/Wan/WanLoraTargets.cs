using System.Text.RegularExpressions;
using TorchSharp.Modules;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Which linears of a <see cref="WanDiT"/> LoRA may adapt (the q, k, v, o of both attentions and the FFN's two
/// linears in every block: the ones the blocks invoke through hooks) and which of them a set of patterns selects.
/// </summary>
public static partial class WanLoraTargets
{
    /// <summary>Every adaptable linear by its module name (<c>blocks.N.self_attn.q</c>, ...), in model order.</summary>
    public static IReadOnlyList<(string Name, Linear Layer)> Adaptable(WanDiT model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.named_modules()
            .Where(m => m.module is Linear && AdaptableName().IsMatch(m.name))
            .Select(m => (m.name, (Linear)m.module))
            .ToList();
    }

    /// <summary>
    /// The adaptable linears that <paramref name="patterns"/> select, in model order.
    /// </summary>
    /// <exception cref="ArgumentException">A pattern selects nothing (a typo would otherwise train nothing silently).</exception>
    public static IReadOnlyList<(string Name, Linear Layer)> Select(WanDiT model, IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var all = Adaptable(model);
        var regexes = patterns.Select(p => (Pattern: p, Regex: ToRegex(p))).ToList();
        foreach (var (pattern, regex) in regexes)
        {
            if (!all.Any(l => regex.IsMatch(l.Name)))
                throw new ArgumentException(
                    $"LoRA target '{pattern}' matches no adaptable linear of the Wan DiT (those are blocks.N.self_attn.{{q,k,v,o}}, blocks.N.cross_attn.{{q,k,v,o}}, blocks.N.ffn.{{0,2}})");
        }
        return all.Where(l => regexes.Any(r => r.Regex.IsMatch(l.Name))).ToList();
    }

    /// <summary>Whether <paramref name="name"/> ends with <paramref name="pattern"/> at a dot boundary (<c>*</c> = one name part).</summary>
    public static bool Matches(string pattern, string name) => ToRegex(pattern).IsMatch(name);

    private static Regex ToRegex(string pattern)
    {
        var body = string.Join(@"\.", pattern.Split('.').Select(part => Regex.Escape(part).Replace(@"\*", "[^.]*", StringComparison.Ordinal)));
        return new Regex(@"(^|\.)" + body + "$", RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"^blocks\.\d+\.((self_attn|cross_attn)\.[qkvo]|ffn\.[02])$")]
    private static partial Regex AdaptableName();
}
