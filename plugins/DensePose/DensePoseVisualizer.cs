using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.DensePose;

/// <summary>
/// Renders DensePose IUV <c>[T, H, W, 3]</c>: each of the 14 body parts gets its own colour, shaded by the
/// surface coordinates (dark at U = V = 0, full colour at U = V = 255) so the parametrisation is visible inside a
/// part; background (part 0) is black. The drawing keeps the part and the mean of U and V, not U and V apart, so
/// reading it back (<see cref="Read"/>) gives U = V = their mean.
/// </summary>
public sealed class DensePoseVisualizer : IModalityVisualizer, IVisualizationReader
{
    /// <summary>Number of body parts (I values 1 … 14); larger I values reuse the palette cyclically.</summary>
    public const int Parts = 14;

    // Hand-picked so that neighbouring parts (upper/lower limb, left/right) differ clearly.
    private static readonly byte[] Palette =
    [
        0, 0, 0,        // 0 background
        200, 200, 200,  // 1 torso
        255, 60, 60,    // 2 right hand
        60, 120, 255,   // 3 left hand
        255, 200, 0,    // 4 left foot
        0, 200, 120,    // 5 right foot
        255, 120, 0,    // 6 right upper leg
        0, 220, 255,    // 7 left upper leg
        170, 60, 0,     // 8 right lower leg
        0, 90, 170,     // 9 left lower leg
        120, 255, 60,   // 10 left upper arm
        255, 0, 200,    // 11 right upper arm
        40, 140, 0,     // 12 left lower arm
        150, 0, 255,    // 13 right lower arm
        255, 220, 170,  // 14 head
    ];

    /// <inheritdoc />
    /// <remarks>Input: uint8 (or integer) IUV <c>[T, H, W, 3]</c>. Output: <c>[T, H, W, 3]</c> uint8 on the input's device.</remarks>
    public torch.Tensor Render(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.ndim != 4 || stored.shape[3] != 3) throw new ArgumentException($"iuv must be [T, H, W, 3], got {StoredTensor.Text(stored.shape)}.", nameof(stored));
        using var scope = torch.NewDisposeScope();
        var iuv = stored.to(torch.int64);                                         // [T, H, W, 3]
        var part = iuv.select(3, 0);                                              // [T, H, W]
        var body = part.gt(0);                                                    // [T, H, W]
        var index = torch.where(body, part.sub(1).remainder(Parts).add(1), part.zeros_like()); // [T, H, W] in 0..14
        var palette = torch.tensor(Palette, [Parts + 1, 3], torch.uint8, device: stored.device).to(torch.float32); // [15, 3]
        var colour = palette.index_select(0, index.flatten()).reshape(stored.shape[0], stored.shape[1], stored.shape[2], 3); // [T, H, W, 3]
        var uv = iuv.narrow(3, 1, 2).to(torch.float32).div(255).mean([-1], keepdim: true); // [T, H, W, 1]
        var shade = uv.mul(0.6f).add(0.4f);                                       // 0.4 … 1
        var rgb = colour.mul(shade).round().clamp(0, 255).to(torch.uint8);       // [T, H, W, 3]
        return rgb.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each pixel takes the part whose colour, scaled by the shade that fits it best (least squares, held to the
    /// drawing's 0.4 … 1), lies nearest; black wins where it is nearer than every shaded part. The fitted shade gives
    /// back (U + V) / 2; U and V cannot be told apart in the drawing, so both come back as that mean (0 off the
    /// body). Output: <c>[T, H, W, 3]</c> uint8.
    /// </remarks>
    public torch.Tensor Read(torch.Tensor frames, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(frames);
        StoredTensor.RequireFrames(frames);
        using var scope = torch.NewDisposeScope();
        var palette = torch.tensor(Palette, [Parts + 1, 3], torch.uint8, device: frames.device).to(torch.float32); // [15, 3]
        var pixels = frames.reshape(-1, 1, 3).to(torch.float32);                                  // [P, 1, 3]
        var power = palette.square().sum(-1).clamp_min(1);                                        // [15]
        var shade = pixels.mul(palette).sum(-1).div(power).clamp(0.4f, 1f);                     // [P, 15] best shade per part
        var fitted = shade.unsqueeze(-1).mul(palette);                                            // [P, 15, 3]
        var residual = pixels.sub(fitted).square().sum(-1);                                       // [P, 15]
        residual = torch.cat([pixels.square().sum(-1), residual.narrow(1, 1, Parts)], 1);        // [P, 15] column 0: plain black
        var part = residual.argmin(1);                                                            // [P]
        var best = shade.gather(1, part.unsqueeze(1)).squeeze(1);                                 // [P]
        var uv = best.sub(0.4f).div(0.6f).mul(255).round().clamp(0, 255).mul(part.gt(0));        // [P] (U + V) / 2, 0 off the body
        var iuv = torch.stack([part.to(torch.float32), uv, uv], 1);                               // [P, 3]
        return iuv.reshape(frames.shape[0], frames.shape[1], frames.shape[2], 3).to(torch.uint8).MoveToOuterDisposeScope();
    }
}
