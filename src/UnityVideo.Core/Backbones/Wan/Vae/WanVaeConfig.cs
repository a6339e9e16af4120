namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// Shape of a Wan2.1 VAE: base width <see cref="Dim"/>, per-stage width multipliers, residual blocks per
/// encoder stage (the decoder has one more), which encoder stages also halve time, and the latent channels.
/// The knobs are the reference's <c>dim</c>/<c>dim_mult</c>/<c>num_res_blocks</c>/<c>temperal_downsample</c>/<c>z_dim</c>.
/// </summary>
/// <param name="Dim">Base channel width (official: 96).</param>
/// <param name="ZDim">Latent channels (official: 16).</param>
/// <param name="DimMult">Width multiplier per stage (official: 1, 2, 4, 4; four stages).</param>
/// <param name="NumResBlocks">Residual blocks per encoder stage (official: 2).</param>
/// <param name="TemporalDownsample">Per down-sampling stage, whether it also halves time (official: false, true, true).</param>
public sealed record WanVaeConfig(int Dim, int ZDim, IReadOnlyList<int> DimMult, int NumResBlocks, IReadOnlyList<bool> TemporalDownsample)
{
    /// <summary>The released Wan2.1 VAE (<c>Wan2.1_VAE.pth</c>).</summary>
    public static WanVaeConfig Official { get; } = new(96, 16, [1, 2, 4, 4], 2, [false, true, true]);

    /// <summary>The official structure at width 4 (the golden tests' configuration; a quarter-million parameters).</summary>
    public static WanVaeConfig Tiny { get; } = new(4, 16, [1, 2, 4, 4], 2, [false, true, true]);

    /// <summary>Per-channel latent mean of the released VAE (the reference pipeline's normalisation).</summary>
    public static IReadOnlyList<float> OfficialLatentMean { get; } =
    [
        -0.7571f, -0.7089f, -0.9113f, 0.1075f, -0.1745f, 0.9653f, -0.1517f, 1.5508f,
        0.4134f, -0.0715f, 0.5517f, -0.3632f, -0.1922f, -0.9497f, 0.2503f, -0.2921f,
    ];

    /// <summary>Per-channel latent standard deviation of the released VAE.</summary>
    public static IReadOnlyList<float> OfficialLatentStd { get; } =
    [
        2.8184f, 1.4541f, 2.3275f, 2.6558f, 1.2196f, 1.7708f, 2.6052f, 2.0743f,
        3.2687f, 2.1526f, 2.8652f, 1.5579f, 1.6382f, 1.1253f, 2.8251f, 1.9160f,
    ];

    /// <summary>Frames per latent frame after the first (2 per temporal down-sampling stage).</summary>
    public int TemporalCompression => 1 << TemporalDownsample.Count(t => t);

    /// <summary>Pixels per latent pixel along each spatial axis (2 per down-sampling stage).</summary>
    public int SpatialCompression => 1 << (DimMult.Count - 1);

    /// <summary>Latent frames of a clip of <paramref name="frames"/> = 1 + k·<see cref="TemporalCompression"/> frames.</summary>
    public int LatentFrames(int frames) => 1 + (frames - 1) / TemporalCompression;

    /// <summary>Video frames the decoder produces from <paramref name="latentFrames"/> latent frames.</summary>
    public int VideoFrames(int latentFrames) => 1 + (latentFrames - 1) * TemporalCompression;

    /// <summary>Whether <paramref name="other"/> describes the same VAE shape (record equality compares the lists by reference).</summary>
    public bool SameShape(WanVaeConfig other) =>
        other is not null && Dim == other.Dim && ZDim == other.ZDim && NumResBlocks == other.NumResBlocks
        && DimMult.SequenceEqual(other.DimMult) && TemporalDownsample.SequenceEqual(other.TemporalDownsample);

    /// <summary>One line for messages: <c>dim 96, z 16, mult [1, 2, 4, 4], 2 res blocks</c>.</summary>
    public override string ToString() => $"dim {Dim}, z {ZDim}, mult [{string.Join(", ", DimMult)}], {NumResBlocks} res blocks";

    /// <summary>Throws with every inconsistency of the configuration.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Dim < 1) errors.Add($"dim must be positive (got {Dim})");
        if (ZDim < 1) errors.Add($"z_dim must be positive (got {ZDim})");
        if (NumResBlocks < 1) errors.Add($"num_res_blocks must be positive (got {NumResBlocks})");
        // The decoder's channel bookkeeping (input halved after each up-sampling) is the reference's, written for four stages.
        if (DimMult.Count != 4) errors.Add($"dim_mult must have 4 stages like the reference (got {DimMult.Count})");
        if (DimMult.Any(m => m < 1)) errors.Add("dim_mult entries must be positive");
        if (TemporalDownsample.Count != DimMult.Count - 1)
            errors.Add($"temperal_downsample needs {DimMult.Count - 1} entries, one per down-sampling stage (got {TemporalDownsample.Count})");
        if (errors.Count > 0) throw new ArgumentException("invalid Wan VAE configuration: " + string.Join("; ", errors));
    }
}
