using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// Picks a segmentation training prompt per clip: with probability <see cref="AllInstancesProbability"/> one of
/// the all-instances prompts (uniformly), otherwise "segment the &lt;class&gt;" for a class the clip lists
/// (uniformly over distinct classes). Held-out classes are never named, so a model can be probed zero-shot on
/// them later; their instances still appear, unnamed, in all-instances targets. A clip with no nameable class
/// always gets an all-instances prompt.
/// </summary>
public sealed class SegmentationPromptSampler : IModalityPromptSampler
{
    private readonly IReadOnlyList<string> allInstancePrompts;
    private readonly IReadOnlyList<string> heldOutClasses;

    /// <summary>Creates a sampler.</summary>
    /// <param name="allInstancePrompts">Prompts that select every instance (the modality's prompts).</param>
    /// <param name="heldOutClasses">Class names (singular or plural) never used in a prompt.</param>
    /// <param name="allInstancesProbability">Chance of an all-instances prompt when the clip has a nameable class.</param>
    public SegmentationPromptSampler(IReadOnlyList<string> allInstancePrompts, IEnumerable<string> heldOutClasses, double allInstancesProbability = 0.5)
    {
        ArgumentNullException.ThrowIfNull(allInstancePrompts);
        ArgumentNullException.ThrowIfNull(heldOutClasses);
        if (allInstancePrompts.Count == 0) throw new ArgumentException("At least one all-instances prompt is needed.", nameof(allInstancePrompts));
        ArgumentOutOfRangeException.ThrowIfLessThan(allInstancesProbability, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(allInstancesProbability, 1);
        this.allInstancePrompts = allInstancePrompts;
        this.heldOutClasses = heldOutClasses.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        AllInstancesProbability = allInstancesProbability;
    }

    /// <summary>Chance of an all-instances prompt for a clip that has a nameable class.</summary>
    public double AllInstancesProbability { get; }

    /// <summary>Class names never used in a prompt.</summary>
    public IReadOnlyList<string> HeldOutClasses => heldOutClasses;

    /// <inheritdoc />
    public string Choose(ClipContext context, Random random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var nameable = context.Classes.Skip(1)
            .Where(c => !string.IsNullOrWhiteSpace(c) && !heldOutClasses.Any(h => SegmentationPrompt.Names(h, c)))
            .Select(c => c.Trim().ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (nameable.Count == 0 || random.NextDouble() < AllInstancesProbability)
            return allInstancePrompts[random.Next(allInstancePrompts.Count)];
        return SegmentationPrompt.ForClass(nameable[random.Next(nameable.Count)]);
    }
}
