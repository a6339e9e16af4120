namespace UnityVideo.Host.Options;

/// <summary>One ablation table: its arms and the overrides they share.</summary>
public sealed class AblationTableOptions
{
    /// <summary>Heading of table.md.</summary>
    public string Title { get; set; } = "";

    /// <summary>What the table asks, printed under the heading.</summary>
    public string Description { get; set; } = "";

    /// <summary>Overrides applied to every arm of this table (after <see cref="AblationOptions.Set"/>), as <c>KEY=VALUE</c>.</summary>
    public List<string> Set { get; set; } = [];

    /// <summary>
    /// Empty for a comparison of arms on the standard measurements; <c>zero-shot</c> for the zero-shot probe
    /// (quadruped skeletons and a held-out segmentation class, against a trivial prediction).
    /// </summary>
    public string Probe { get; set; } = "";

    /// <summary>Zero-shot probe: the class kept out of training prompts, as clip metadata names it (e.g. <c>box</c>).</summary>
    public string HeldOutClass { get; set; } = "";

    /// <summary>Zero-shot probe: the prompt that asks for <see cref="HeldOutClass"/> (e.g. <c>segment the boxes</c>).</summary>
    public string HeldOutPrompt { get; set; } = "";

    /// <summary>The arms, in table order.</summary>
    public List<AblationArmOptions> Arms { get; set; } = [];
}
