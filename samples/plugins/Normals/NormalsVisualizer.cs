using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Samples.Normals;

/// <summary>
/// Renders normals <c>[T, H, W, 3]</c> in the usual normal-map colours, RGB = (n + 1) / 2 per axis (x right → red, y down
/// → green, z forward → blue; a surface facing the camera, n = (0, 0, −1), is (128, 128, 0)), after scaling each vector to
/// unit length. Pixels with no surface (length below 0.5, or not finite) are black, as background is in every bundled
/// panel. Reading a frame back inverts the colouring, so a normal-map video can serve as a control.
/// </summary>
public sealed class NormalsVisualizer : IModalityVisualizer, IVisualizationReader
{
    /// <summary>Vectors shorter than this are "no surface" and drawn black.</summary>
    public const float MinLength = 0.5f;

    /// <summary>Colours read back as vectors longer than this are not a normal's colour (video coding moves colours a little, never this far).</summary>
    public const float MaxReadLength = 1.5f;

    /// <inheritdoc />
    /// <remarks>Input: any float dtype <c>[T, H, W, 3]</c>. Output: <c>[T, H, W, 3]</c> uint8 on the input's device.</remarks>
    public torch.Tensor Render(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.ndim != 4 || stored.shape[3] != 3) throw new ArgumentException($"normals must be [T, H, W, 3], got {StoredTensor.Text(stored.shape)}.", nameof(stored));
        using var scope = torch.NewDisposeScope();
        var n = stored.to(torch.float32);                                                 // [T, H, W, 3]
        var finite = n.isfinite().all(-1, keepdim: true);                                 // [T, H, W, 1]
        n = n.masked_fill(finite.logical_not(), 0);
        var length = n.square().sum(-1, keepdim: true).sqrt();                            // [T, H, W, 1]
        var surface = length.ge(MinLength);                                               // [T, H, W, 1]
        var unit = n / length.clamp_min(MinLength);                                       // [T, H, W, 3]
        var rgb = unit.add(1).div(2).mul(255).round().clamp(0, 255).masked_fill(surface.logical_not(), 0); // [T, H, W, 3]
        return rgb.to(torch.uint8).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>
    /// n = 2 · RGB / 255 − 1 per axis, scaled to unit length. Only colours near the unit sphere's colours can be a
    /// normal: one whose vector is shorter than <see cref="MinLength"/> or longer than <see cref="MaxReadLength"/>
    /// (black, whose vector is (−1, −1, −1), is √3 long) reads back as 0, "no surface". Output: <c>[T, H, W, 3]</c> float16.
    /// </remarks>
    public torch.Tensor Read(torch.Tensor frames, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(frames);
        StoredTensor.RequireFrames(frames);
        using var scope = torch.NewDisposeScope();
        var n = frames.to(torch.float32).mul(2f / 255).sub(1);                          // [T, H, W, 3]
        var length = n.square().sum(-1, keepdim: true).sqrt();                            // [T, H, W, 1]
        var none = length.lt(MinLength).logical_or(length.gt(MaxReadLength));           // [T, H, W, 1]
        var unit = (n / length.clamp_min(MinLength)).masked_fill(none, 0);               // [T, H, W, 3]
        return unit.to(torch.float16).MoveToOuterDisposeScope();
    }
}
