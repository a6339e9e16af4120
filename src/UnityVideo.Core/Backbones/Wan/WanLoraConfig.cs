namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Low-rank adaptation of a <see cref="WanDiT"/>'s block linears: each targeted linear W gains a trainable update
/// (Alpha / Rank)·B·A with A <c>[Rank, in]</c> and B <c>[out, Rank]</c>, while W itself stays frozen.
/// </summary>
/// <param name="Rank">Rank r of every update.</param>
/// <param name="Alpha">Scale numerator: the update is multiplied by Alpha / Rank (PEFT's <c>lora_alpha</c>).</param>
/// <param name="Targets">
/// Module-name patterns, matched against the end of each block linear's name at a dot boundary, <c>*</c> standing for
/// one name part: <c>self_attn.q</c>, <c>cross_attn.*</c>, <c>ffn.0</c>; <c>q</c> alone picks q of both attentions;
/// <c>blocks.3.ffn.2</c> one layer. Null means <see cref="AllLinears"/>.
/// </param>
/// <param name="Dropout">Dropout on the adapter's input while the model is in training mode (PEFT's <c>lora_dropout</c>).</param>
public sealed record WanLoraConfig(int Rank, double Alpha, IReadOnlyList<string>? Targets = null, double Dropout = 0)
{
    /// <summary>Every linear of the attention layers and the FFN: what the UnityVideo release's peers adapt.</summary>
    public static IReadOnlyList<string> AllLinears { get; } =
        ["self_attn.q", "self_attn.k", "self_attn.v", "self_attn.o", "cross_attn.q", "cross_attn.k", "cross_attn.v", "cross_attn.o", "ffn.0", "ffn.2"];

    /// <summary>The patterns in force: <see cref="Targets"/>, or <see cref="AllLinears"/> when none were given.</summary>
    public IReadOnlyList<string> EffectiveTargets => Targets ?? AllLinears;

    /// <summary>The factor Alpha / Rank applied to B·A.</summary>
    public double Scale => Alpha / Rank;

    /// <summary>Every problem with the configuration, one line each; empty when it is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Rank <= 0) problems.Add($"LoRA rank must be positive (is {Rank})");
        if (!(Alpha > 0) || double.IsInfinity(Alpha)) problems.Add($"LoRA alpha must be a positive number (is {Alpha})");
        if (!(Dropout >= 0 && Dropout < 1)) problems.Add($"LoRA dropout must be in [0, 1) (is {Dropout})");
        if (EffectiveTargets.Count == 0) problems.Add("LoRA needs at least one target pattern");
        foreach (var t in EffectiveTargets)
        {
            if (string.IsNullOrWhiteSpace(t) || t.StartsWith('.') || t.EndsWith('.') || t.Contains("..", StringComparison.Ordinal))
                problems.Add($"LoRA target '{t}' is not a module name pattern such as self_attn.q or cross_attn.*");
        }
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException("Invalid LoRA configuration: " + string.Join("; ", problems));
    }
}
