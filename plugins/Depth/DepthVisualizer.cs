using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Depth;

/// <summary>
/// Renders metric depth <c>[T, H, W]</c> with the viridis colour map on inverse depth, normalised over the whole
/// clip (not per frame, so brightness changes mean the scene moved): the nearest surface is bright yellow, the
/// farthest dark purple, and pixels with no surface (+∞, sky) take the far end.
/// </summary>
public sealed class DepthVisualizer : IModalityVisualizer, IVisualizationReader
{
    // viridis sampled at 0, 1/8, …, 1 (van der Walt and Smith's published colour map, as tabulated in R's viridisLite);
    // lightness rises monotonically, so "brighter = nearer" reads the same in greyscale.
    private static readonly byte[,] Anchors =
    {
        { 0x44, 0x01, 0x54 }, { 0x47, 0x2D, 0x7B }, { 0x3B, 0x52, 0x8B }, { 0x2C, 0x72, 0x8E }, { 0x21, 0x90, 0x8C },
        { 0x27, 0xAD, 0x81 }, { 0x5D, 0xC8, 0x63 }, { 0xAA, 0xDC, 0x32 }, { 0xFD, 0xE7, 0x25 },
    };

    private static readonly byte[] Lut = BuildLut();

    /// <inheritdoc />
    /// <remarks>Input: depth in metres, any float dtype, <c>[T, H, W]</c>. Output: <c>[T, H, W, 3]</c> uint8 on the input's device.</remarks>
    public torch.Tensor Render(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.ndim != 3) throw new ArgumentException($"depth must be [T, H, W], got {StoredTensor.Text(stored.shape)}.", nameof(stored));
        using var scope = torch.NewDisposeScope();
        var depth = stored.to(torch.float32);                                 // [T, H, W]
        var valid = depth.isfinite().logical_and(depth.gt(0));               // [T, H, W]
        var inverse = torch.where(valid, depth.reciprocal(), torch.zeros_like(depth)); // [T, H, W]
        var level = torch.zeros_like(depth);                                 // [T, H, W] 0 = far
        if (valid.any().item<bool>())
        {
            var seen = inverse.masked_select(valid);                          // [N]
            var lo = seen.min();
            var span = seen.max().sub(lo).clamp_min(1e-12);
            level = torch.where(valid, inverse.sub(lo).div(span).clamp(0, 1), level);
        }
        var index = level.mul(255).round().to(torch.int64).flatten();        // [T·H·W]
        var lut = torch.tensor(Lut, [256, 3], torch.uint8, device: stored.device); // [256, 3]
        var rgb = lut.index_select(0, index).reshape(stored.shape[0], stored.shape[1], stored.shape[2], 3); // [T, H, W, 3]
        return rgb.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each pixel takes the level of the nearest viridis colour (0 = far … 1 = near), which is inverse depth up to an
    /// affine map; it comes back as the relative depth 1 / (level + <see cref="DepthCodec.DisparityOffset"/>), the form
    /// the depth codec decodes to. Output: <c>[T, H, W]</c> float16.
    /// </remarks>
    public torch.Tensor Read(torch.Tensor frames, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(frames);
        StoredTensor.RequireFrames(frames);
        using var scope = torch.NewDisposeScope();
        var lut = torch.tensor(Lut, [256, 3], torch.uint8, device: frames.device).to(torch.float32); // [256, 3]
        var pixels = frames.reshape(-1, 3).to(torch.float32);                                         // [P, 3]
        var nearest = torch.cdist(pixels, lut).argmin(1);                                             // [P]
        var level = nearest.to(torch.float32).div(255).reshape(frames.shape[0], frames.shape[1], frames.shape[2]); // [T, H, W]
        return level.add(DepthCodec.DisparityOffset).reciprocal().to(torch.float16).MoveToOuterDisposeScope();
    }

    private static byte[] BuildLut()
    {
        var lut = new byte[256 * 3];
        var segments = Anchors.GetLength(0) - 1;
        for (var i = 0; i < 256; i++)
        {
            var x = i / 255.0 * segments;
            var k = Math.Min((int)x, segments - 1);
            var f = x - k;
            for (var c = 0; c < 3; c++)
                lut[i * 3 + c] = (byte)Math.Round(Anchors[k, c] * (1 - f) + Anchors[k + 1, c] * f);
        }
        return lut;
    }
}
