namespace UnityVideo.Core.Diffusion;

/// <summary>Training-time settings of the flow-matching objective.</summary>
public sealed class FlowMatchingOptions
{
    /// <summary>Mean of the logit-normal timestep density (SD3: 0).</summary>
    public double TimestepMean { get; set; }

    /// <summary>Standard deviation of the logit-normal timestep density (SD3: 1).</summary>
    public double TimestepStd { get; set; } = 1.0;

    /// <summary>Timestep shift s: t' = s·t / (1 + (s − 1)·t); s &gt; 1 spends more time at high noise (larger frames need more).</summary>
    public double TimestepShift { get; set; } = 1.0;

    /// <summary>Probability that a sample's content prompt is replaced by the null context (enables classifier-free guidance).</summary>
    public double PromptDropout { get; set; } = 0.1;

    /// <summary>
    /// Probability that an estimation sample (RGB given) is trained at t = 1, pure noise, as a one-step estimator is
    /// used (Garcia et al. 2024): the modality must then be read from the video alone, since its noised stream tells
    /// nothing. The rest of the estimation samples keep the logit-normal t, for multi-step sampling.
    /// </summary>
    public double EstimationFullNoise { get; set; }

    /// <summary>
    /// Probability that a conditional-generation sample (modalities given, RGB noised) is trained at t = 1: the RGB
    /// must then be drawn from the controls and the caption alone, which is where sampling starts and where the layout of
    /// the generated video is decided. The rest keep the logit-normal t.
    /// </summary>
    public double GenerationFullNoise { get; set; }

    /// <summary>
    /// How far a sparse stream's loss balances its background and foreground pixels (<see cref="ForegroundBalance"/>):
    /// 0 = plain mean squared error, 1 = each kind counts half.
    /// </summary>
    public double ForegroundBalance { get; set; }

    /// <summary><see cref="ForegroundBalance"/> per modality name; a modality not listed takes <see cref="ForegroundBalance"/>.</summary>
    public Dictionary<string, double> ForegroundBalanceByModality { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The foreground balance of <paramref name="modality"/>'s stream.</summary>
    public double ForegroundBalanceOf(string modality) =>
        ForegroundBalanceByModality.TryGetValue(modality, out var b) ? b : ForegroundBalance;

    /// <summary>
    /// What the loss compares: <see cref="VelocitySpace"/> (the velocity error, which weighs a data-prediction model's
    /// x̂₀ error by 1 / t², so nearly clean samples dominate) or <see cref="DataSpace"/> (the x̂₀ error itself, so the
    /// high-noise samples where a stream must be read from the others — estimation at t = 1 — weigh as much as
    /// the nearly clean ones).
    /// </summary>
    public string LossSpace { get; set; } = VelocitySpace;

    /// <summary><see cref="LossSpace"/>: mean squared velocity error.</summary>
    public const string VelocitySpace = "velocity";

    /// <summary><see cref="LossSpace"/>: mean squared error of the clean-stream prediction x̂₀ = x_t − t·v̂.</summary>
    public const string DataSpace = "data";

    /// <summary>
    /// Weight λ of the block-mean error added to every noised stream's loss (<see cref="CoarseLoss"/>): block-level
    /// errors then weigh 1 + λ times as much as detail within a block. 0 = off.
    /// </summary>
    public double CoarseLossWeight { get; set; }

    /// <summary>Side in pixels of the square blocks <see cref="CoarseLossWeight"/> averages over; must divide the frame's sides.</summary>
    public int CoarseLossBlock { get; set; } = 4;

    /// <summary>In joint generation, give every noised stream its own t instead of one shared t per sample.</summary>
    public bool IndependentStreamTimesteps { get; set; }

    /// <summary>Every problem, one line each; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(TimestepStd > 0)) errors.Add($"{nameof(TimestepStd)} must be greater than 0 (got {TimestepStd}).");
        if (!(TimestepShift > 0)) errors.Add($"{nameof(TimestepShift)} must be greater than 0 (got {TimestepShift}).");
        if (!(PromptDropout is >= 0 and <= 1)) errors.Add($"{nameof(PromptDropout)} must be a probability in [0, 1] (got {PromptDropout}).");
        if (!(EstimationFullNoise is >= 0 and <= 1)) errors.Add($"{nameof(EstimationFullNoise)} must be in [0, 1] (got {EstimationFullNoise}).");
        if (!(GenerationFullNoise is >= 0 and <= 1)) errors.Add($"{nameof(GenerationFullNoise)} must be in [0, 1] (got {GenerationFullNoise}).");
        if (!(ForegroundBalance is >= 0 and <= 1)) errors.Add($"{nameof(ForegroundBalance)} must be in [0, 1] (got {ForegroundBalance}).");
        foreach (var (name, b) in ForegroundBalanceByModality)
            if (!(b is >= 0 and <= 1)) errors.Add($"{nameof(ForegroundBalanceByModality)}[{name}] must be in [0, 1] (got {b}).");
        if (LossSpace is not (VelocitySpace or DataSpace)) errors.Add($"{nameof(LossSpace)} must be '{VelocitySpace}' or '{DataSpace}' (got '{LossSpace}').");
        if (!(CoarseLossWeight >= 0 && double.IsFinite(CoarseLossWeight))) errors.Add($"{nameof(CoarseLossWeight)} must be a finite weight of 0 or more (got {CoarseLossWeight}).");
        if (CoarseLossBlock < 1) errors.Add($"{nameof(CoarseLossBlock)} must be at least 1 pixel (got {CoarseLossBlock}).");
        return errors;
    }
}
