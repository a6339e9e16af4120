using System.Globalization;
using UnityVideo.Core.Model;

namespace UnityVideo.Host.Training;

/// <summary>
/// An estimate of the memory a training step's activations need, checked at start-up against the machine's memory for a CPU run,
/// so a batch that cannot fit is a configuration error with the numbers instead of an out-of-memory kill after the
/// run folder was created. It counts what every block keeps for the backward pass, 4 bytes per value: per token the
/// normalised and modulated inputs, q, k, v, the attention and cross-attention outputs, the residual sums and the
/// MLP's hidden layer before and after its activation: ≈ (14 + 2·MlpRatio) × width. Fused attention keeps no
/// attention matrix, and the pixel-level tensors and the allocator's slack are left out, so the real peak is higher
/// (docs/decisions.md): what this rejects cannot run.
/// </summary>
public static class TrainingMemory
{
    /// <summary>Bytes of block activations one step keeps for its backward pass.</summary>
    public static double ActivationBytes(DiTConfig config, int batchSize, int streamsPerClip)
    {
        ArgumentNullException.ThrowIfNull(config);
        var tokens = (double)streamsPerClip * TokensPerStream(config);
        var perToken = (14 + 2 * config.MlpRatio) * config.HiddenSize;
        return (double)batchSize * tokens * perToken * config.Depth * sizeof(float);
    }

    /// <summary>Memory this process may use (physical memory, or the container's limit).</summary>
    public static long MachineBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// The error for <c>Training:BatchSize</c> when the estimate exceeds <paramref name="machineBytes"/>; null when it may fit.
    /// </summary>
    public static string? Check(DiTConfig config, int batchSize, int streamsPerClip, long machineBytes)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.PatchSize <= 0 || batchSize <= 0 || machineBytes <= 0) return null; // other rules report these
        var need = ActivationBytes(config, batchSize, streamsPerClip);
        if (need <= machineBytes) return null;
        var perClip = need / batchSize;
        var fits = Math.Max(0, (long)(machineBytes / perClip));
        return string.Create(CultureInfo.InvariantCulture,
            $"{batchSize} clips need at least {Gb(need)} of memory for the blocks' activations alone ({Mb(perClip)} per clip: {streamsPerClip} streams × {TokensPerStream(config)} tokens through {config.Depth} blocks {config.HiddenSize} wide), but this machine has {Gb(machineBytes)}; use at most {fits} (with Training:GradientAccumulation for a larger effective batch)");
    }

    private static long TokensPerStream(DiTConfig c) => c.TokensPerStream(c.Frames, c.Height, c.Width);

    private static string Gb(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):0.#} GiB");

    private static string Mb(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 20):0.#} MiB");
}
