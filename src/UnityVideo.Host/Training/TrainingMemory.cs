using System.Globalization;
using UnityVideo.Core.Model;

namespace UnityVideo.Host.Training;

/// <summary>
/// A lower bound on the memory a training step needs, checked at start-up against the machine's memory, so a
/// batch that cannot fit is a configuration error with the numbers instead of an out-of-memory kill after the run
/// folder was created. Only the residual stream every block keeps for the backward pass is counted (4 bytes per
/// value): the real need is several times more, so a configuration this rejects can never run.
/// </summary>
public static class TrainingMemory
{
    /// <summary>Bytes of block activations one step must hold at least: batch × streams × tokens × width × depth × 4.</summary>
    public static double ActivationBytesLowerBound(DiTConfig config, int batchSize, int streamsPerClip)
    {
        ArgumentNullException.ThrowIfNull(config);
        var tokens = TokensPerStream(config);
        return (double)batchSize * streamsPerClip * tokens * config.HiddenSize * config.Depth * sizeof(float);
    }

    /// <summary>Memory this process may use (physical memory, or the container's limit).</summary>
    public static long MachineBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// The error for <c>Training:BatchSize</c> when even the lower bound exceeds <paramref name="machineBytes"/>; null when it may fit.
    /// </summary>
    public static string? Check(DiTConfig config, int batchSize, int streamsPerClip, long machineBytes)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.PatchSize <= 0 || batchSize <= 0 || machineBytes <= 0) return null; // other rules report these
        var need = ActivationBytesLowerBound(config, batchSize, streamsPerClip);
        if (need <= machineBytes) return null;
        var perClip = need / batchSize;
        var fits = Math.Max(0, (long)(machineBytes / perClip));
        return string.Create(CultureInfo.InvariantCulture,
            $"{batchSize} clips need at least {Gb(need)} of memory for the blocks' activations alone ({streamsPerClip} streams × {TokensPerStream(config)} tokens × {config.HiddenSize} wide × {config.Depth} blocks × 4 bytes per clip), but this machine has {Gb(machineBytes)}; use at most {fits} (with Training:GradientAccumulation for a larger effective batch)");
    }

    private static long TokensPerStream(DiTConfig c) =>
        c.PatchSize <= 0 ? 0 : (long)c.Frames * (c.Height / c.PatchSize) * (c.Width / c.PatchSize);

    private static string Gb(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):0.#} GiB");
}
