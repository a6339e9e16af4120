namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Settings of <see cref="WanEulerSampler"/>. The defaults are Wan2.1's text-to-video defaults (50 steps, shift 5,
/// guidance 5; <c>wan/configs/shared_config.py</c>, <c>generate.py</c>); its README suggests shift 8–12 and guidance 6
/// for the 1.3B model.
/// </summary>
/// <param name="Steps">Euler steps from σ = 1 (pure noise) to σ = 0.</param>
/// <param name="Shift">Timestep shift s: σ' = s·σ / (1 + (s − 1)·σ); 1 leaves the uniform schedule as it is.</param>
/// <param name="GuidanceScale">Classifier-free guidance g: v = v_uncond + g·(v_cond − v_uncond); 1 turns guidance off.</param>
public sealed record WanSamplerOptions(int Steps = 50, double Shift = 5.0, double GuidanceScale = 5.0)
{
    /// <summary>Every problem with the settings, one line each; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Steps <= 0) problems.Add($"steps must be positive (is {Steps})");
        if (!(Shift > 0) || double.IsInfinity(Shift)) problems.Add($"shift must be a positive number (is {Shift})");
        if (double.IsNaN(GuidanceScale) || double.IsInfinity(GuidanceScale)) problems.Add($"guidance scale must be a finite number (is {GuidanceScale})");
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException("Invalid Wan sampler settings: " + string.Join("; ", problems));
    }
}
