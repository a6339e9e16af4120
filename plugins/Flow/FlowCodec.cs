using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Flow;

/// <summary>
/// Flow ⇄ 2 channels (dx, dy), each component taken as a fraction x = f / (<see cref="Scale"/> × W) of the flow that
/// maps to ±1 (W = frame width, for both components) and clipped to [-1, 1], so a component beyond
/// ±<see cref="Scale"/> × W pixels comes back clipped at that value. The scale is a fraction of the frame width
/// because flow in pixels grows with the resolution (the same scenes move twice as many pixels at 64² as at 32²);
/// one setting then suits every size.
/// <para>
/// <see cref="FlowEncoding.Linear"/> encodes u = x. <see cref="FlowEncoding.Sqrt"/> (the default) compands it:
/// u = sign(x) · √|x|, decoded as f = sign(u) · u² × Scale × W. Synthetic motion at 32² averages about 0.27 px per
/// frame, which the linear encoding puts near 0.17 against unit-variance diffusion noise; the square root lifts
/// it to about 0.41. And a sampled estimate's residual noise near zero decodes quadratically small (u = 0.1 is
/// 0.016 px at 32²) instead of proportionally (0.16 px), which under linear encoding cost more than predicting
/// no flow at all. The price is coarser resolution of large flow, where errors of a pixel matter less.
/// </para>
/// </summary>
public sealed class FlowCodec : IModalityCodec
{
    /// <summary>
    /// Default scale, 0.05 of the frame width (1.6 px at 32², 3.2 px at 64²): the synthetic world's 99th percentile of
    /// motion then encodes near ±0.5 and very few components clip (the measurement is in docs/decisions.md, "Skeleton
    /// and flow codes").
    /// </summary>
    public const double DefaultScale = 0.05;

    /// <summary>Creates a codec mapping <paramref name="scale"/> × frame width pixels to ±1 with <paramref name="encoding"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not a positive finite number, or the encoding is not defined.</exception>
    public FlowCodec(double scale = DefaultScale, FlowEncoding encoding = FlowEncoding.Sqrt)
    {
        if (!double.IsFinite(scale) || scale <= 0)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The flow scale must be a positive fraction of the frame width.");
        if (!Enum.IsDefined(encoding))
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown flow encoding.");
        Scale = scale;
        Encoding = encoding;
    }

    /// <summary>Flow that maps to ±1, as a fraction of the frame width.</summary>
    public double Scale { get; }

    /// <summary>How a fraction of the scale maps onto [-1, 1].</summary>
    public FlowEncoding Encoding { get; }

    /// <summary>Flow in pixels that maps to ±1 for frames <paramref name="width"/> pixels wide.</summary>
    public double PixelScale(int width) => Scale * width;

    /// <inheritdoc />
    public torch.Tensor Encode(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(stored, FlowModality.Name, "stored flow", [context.Frames, context.Height, context.Width, 2], "[T, H, W, 2]",
            torch.ScalarType.Float16, torch.ScalarType.Float32);
        using var scope = torch.NewDisposeScope();
        var flow = stored.to(torch.ScalarType.Float32).nan_to_num(0).permute(3, 0, 1, 2); // [2, T, H, W]
        var x = (flow / PixelScale(context.Width)).clamp(-1, 1);                             // [2, T, H, W] fraction of the scale
        var u = Encoding == FlowEncoding.Sqrt ? x.sign() * x.abs().sqrt() : x;                // [2, T, H, W]
        return u.contiguous().MoveToOuterDisposeScope();                                      // [2, T, H, W]
    }

    /// <inheritdoc />
    public torch.Tensor Decode(torch.Tensor normalized, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(normalized, FlowModality.Name, "normalized flow", [2, context.Frames, context.Height, context.Width], "[2, T, H, W]",
            torch.ScalarType.Float32, torch.ScalarType.Float16, torch.ScalarType.BFloat16);
        using var scope = torch.NewDisposeScope();
        var n = normalized.to(torch.ScalarType.Float32).nan_to_num(0).clamp(-1, 1); // [2, T, H, W]
        var x = Encoding == FlowEncoding.Sqrt ? n * n.abs() : n;                        // [2, T, H, W] sign(u)·u² or u
        var flow = (x * PixelScale(context.Width)).permute(1, 2, 3, 0); // [T, H, W, 2] pixels
        return flow.to(torch.ScalarType.Float16).contiguous().MoveToOuterDisposeScope();
    }
}
