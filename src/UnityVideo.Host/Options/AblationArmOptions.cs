namespace UnityVideo.Host.Options;

/// <summary>One arm of an ablation table.</summary>
public sealed class AblationArmOptions
{
    /// <summary>Row label in the table.</summary>
    public string Name { get; set; } = "";

    /// <summary>This arm's overrides, applied last, as <c>KEY=VALUE</c> (the syntax of <c>--set</c>).</summary>
    public List<string> Set { get; set; } = [];

    /// <summary>Train on clips that include quadrupeds (the zero-shot probe's upper bound); off: humans only.</summary>
    public bool Animals { get; set; }
}
