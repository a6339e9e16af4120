using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// Renders instance ids <c>[T, H, W]</c> with a fixed palette: 0 (background) is black, and every other id gets
/// its own colour, the same in every frame and every clip, so an instance keeps its colour as it moves.
/// </summary>
public sealed class SegmentationVisualizer : IModalityVisualizer, IVisualizationReader
{
    /// <summary>Number of distinct palette entries; ids beyond it wrap around (never onto black).</summary>
    public const int PaletteSize = 256;

    private static readonly byte[] Palette = BuildPalette();

    /// <summary>The colour of instance <paramref name="id"/> as (r, g, b).</summary>
    public static (byte R, byte G, byte B) ColourOf(int id)
    {
        var i = id <= 0 ? 0 : (id - 1) % (PaletteSize - 1) + 1;
        return (Palette[i * 3], Palette[i * 3 + 1], Palette[i * 3 + 2]);
    }

    /// <inheritdoc />
    /// <remarks>Input: integer ids <c>[T, H, W]</c> (uint8 or wider). Output: <c>[T, H, W, 3]</c> uint8 on the input's device.</remarks>
    public torch.Tensor Render(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.ndim != 3) throw new ArgumentException($"instances must be [T, H, W], got {StoredTensor.Text(stored.shape)}.", nameof(stored));
        using var scope = torch.NewDisposeScope();
        var ids = stored.to(torch.int64);                                          // [T, H, W]
        var index = torch.where(ids.gt(0), ids.sub(1).remainder(PaletteSize - 1).add(1), ids.zeros_like()); // [T, H, W]
        var palette = torch.tensor(Palette, [PaletteSize, 3], torch.uint8, device: stored.device); // [256, 3]
        var rgb = palette.index_select(0, index.flatten()).reshape(stored.shape[0], stored.shape[1], stored.shape[2], 3); // [T, H, W, 3]
        return rgb.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each pixel takes the id of the nearest palette colour among black (background) and the first 254 ids: more
    /// than that a video's colours cannot tell apart reliably. Output: <c>[T, H, W]</c> uint8.
    /// </remarks>
    public torch.Tensor Read(torch.Tensor frames, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(frames);
        StoredTensor.RequireFrames(frames);
        using var scope = torch.NewDisposeScope();
        var palette = torch.tensor(Palette, [PaletteSize, 3], torch.uint8, device: frames.device).narrow(0, 0, PaletteSize - 1).to(torch.float32); // [255, 3]
        var pixels = frames.reshape(-1, 3).to(torch.float32);                                                                                    // [P, 3]
        var ids = torch.cdist(pixels, palette).argmin(1).reshape(frames.shape[0], frames.shape[1], frames.shape[2]);                             // [T, H, W]
        return ids.to(torch.uint8).MoveToOuterDisposeScope();
    }

    // Golden-angle hue steps keep consecutive ids far apart on the hue circle; three saturation/value tiers
    // separate ids whose hues come close after many steps.
    private static byte[] BuildPalette()
    {
        var p = new byte[PaletteSize * 3];
        for (var id = 1; id < PaletteSize; id++)
        {
            var hue = (id - 1) * 0.6180339887498949 % 1.0;
            var tier = (id - 1) % 3;
            var s = tier switch { 0 => 0.85, 1 => 0.55, _ => 0.95 };
            var v = tier switch { 0 => 1.0, 1 => 0.95, _ => 0.7 };
            var (r, g, b) = Hsv(hue, s, v);
            p[id * 3] = r;
            p[id * 3 + 1] = g;
            p[id * 3 + 2] = b;
        }
        return p;
    }

    private static (byte, byte, byte) Hsv(double h, double s, double v)
    {
        var x = h * 6;
        var i = (int)Math.Floor(x) % 6;
        var f = x - Math.Floor(x);
        double pp = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        var (r, g, b) = i switch
        {
            0 => (v, t, pp),
            1 => (q, v, pp),
            2 => (pp, v, t),
            3 => (pp, q, v),
            4 => (t, pp, v),
            _ => (v, pp, q),
        };
        return ((byte)Math.Round(r * 255), (byte)Math.Round(g * 255), (byte)Math.Round(b * 255));
    }
}
