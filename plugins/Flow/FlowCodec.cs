using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Flow;

/// <summary>
/// Flow ⇄ 2 channels (dx, dy) divided by a fixed <see cref="Scale"/> in pixels and clipped to [-1, 1]; decode
/// multiplies back, so flow beyond ±<see cref="Scale"/> pixels per component comes back clipped at that value.
/// </summary>
public sealed class FlowCodec : IModalityCodec
{
    /// <summary>
    /// Default scale in pixels per frame: about the 99.9th percentile of |dx|, |dy| on synthetic clips at 64²
    /// (≈ the 99.99th at 32²), so clipping touches almost no pixel at the training sizes.
    /// </summary>
    public const double DefaultScale = 8;

    /// <summary>Creates a codec dividing flow by <paramref name="scale"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not a positive finite number.</exception>
    public FlowCodec(double scale = DefaultScale)
    {
        if (!double.IsFinite(scale) || scale <= 0)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The flow scale must be a positive number of pixels.");
        Scale = scale;
    }

    /// <summary>Pixels of flow that map to ±1.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public torch.Tensor Encode(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(stored, FlowModality.Name, "stored flow", [context.Frames, context.Height, context.Width, 2], "[T, H, W, 2]",
            torch.ScalarType.Float16, torch.ScalarType.Float32);
        using var scope = torch.NewDisposeScope();
        var flow = stored.to(torch.ScalarType.Float32).nan_to_num(0).permute(3, 0, 1, 2); // [2, T, H, W]
        return (flow / Scale).clamp(-1, 1).contiguous().MoveToOuterDisposeScope();       // [2, T, H, W]
    }

    /// <inheritdoc />
    public torch.Tensor Decode(torch.Tensor normalized, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(normalized, FlowModality.Name, "normalized flow", [2, context.Frames, context.Height, context.Width], "[2, T, H, W]",
            torch.ScalarType.Float32, torch.ScalarType.Float16, torch.ScalarType.BFloat16);
        using var scope = torch.NewDisposeScope();
        var n = normalized.to(torch.ScalarType.Float32).nan_to_num(0).clamp(-1, 1); // [2, T, H, W]
        var flow = (n * Scale).permute(1, 2, 3, 0);                                  // [T, H, W, 2] pixels
        return flow.to(torch.ScalarType.Float16).contiguous().MoveToOuterDisposeScope();
    }
}
