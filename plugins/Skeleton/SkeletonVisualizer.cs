using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Skeleton;

/// <summary>
/// Draws COCO-17 skeletons <c>[T, P, 17, 3]</c> (x, y in pixels, visibility) on a black canvas of the clip's size:
/// each limb a line in its own colour, each visible joint a white dot beneath the limbs. A limb is drawn only when both its joints are
/// visible, and an invisible joint draws nothing, so occluded parts simply vanish. <see cref="Read"/> gives the
/// joints back from the limbs (see <see cref="SkeletonDrawingReader"/> for what a drawing cannot give back).
/// </summary>
public sealed class SkeletonVisualizer : IModalityVisualizer, IVisualizationReader
{
    /// <summary>COCO-17 limbs as joint-index pairs: legs, hips, torso, arms, then the face (the COCO API's order).</summary>
    public static IReadOnlyList<(int A, int B)> Limbs { get; } =
    [
        (15, 13), (13, 11), (16, 14), (14, 12), (11, 12), (5, 11), (6, 12), (5, 6), (5, 7), (6, 8),
        (7, 9), (8, 10), (1, 2), (0, 1), (0, 2), (1, 3), (2, 4), (3, 5), (4, 6),
    ];

    private static readonly byte[][] LimbColours = [.. Enumerable.Range(0, Limbs.Count).Select(i => Hue(i / (double)Limbs.Count))];

    /// <inheritdoc />
    /// <remarks>
    /// Input: joints <c>[T, P, 17, 3]</c>, visible when the third value is above 0.5; joints off the canvas are
    /// clipped. Pixel i covers [i, i + 1). Canvas size from <paramref name="context"/>. Output: <c>[T, H, W, 3]</c>
    /// uint8 on the input's device.
    /// </remarks>
    public torch.Tensor Render(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(context);
        if (stored.ndim != 4 || stored.shape[2] != SkeletonModality.Joints || stored.shape[3] != 3)
            throw new ArgumentException($"joints must be [T, P, {SkeletonModality.Joints}, 3], got {StoredTensor.Text(stored.shape)}.", nameof(stored));
        int t = (int)stored.shape[0], persons = (int)stored.shape[1], h = context.Height, w = context.Width;
        if (h < 1 || w < 1) throw new ArgumentException($"The clip context must give the canvas size (got {w}x{h}).", nameof(context));
        float[] joints = [];
        if (persons > 0) // a clip without skeletons ([T, 0, 17, 3]) draws black frames; TorchSharp cannot read an empty tensor's data
            using (var scope = torch.NewDisposeScope())
                joints = stored.to(torch.float32).cpu().contiguous().data<float>().ToArray();

        var canvas = new byte[t * h * w * 3];
        var radius = Math.Min(h, w) / 64; // dots grow with the canvas: 1 px below 64², 3×3 from 64², 5×5 from 128²
        var bound = 16f * Math.Max(h, w); // far-off joints would make Bresenham walk millions of pixels
        for (var f = 0; f < t; f++)
        {
            var frame = canvas.AsSpan(f * h * w * 3, h * w * 3);
            for (var p = 0; p < persons; p++)
            {
                var o = (f * persons + p) * SkeletonModality.Joints * 3;
                bool Visible(int j) => joints[o + j * 3 + 2] > 0.5f && float.IsFinite(joints[o + j * 3]) && float.IsFinite(joints[o + j * 3 + 1]);
                int X(int j) => (int)Math.Floor(Math.Clamp(joints[o + j * 3], -bound, bound));
                int Y(int j) => (int)Math.Floor(Math.Clamp(joints[o + j * 3 + 1], -bound, bound));
                // Dots first: limbs stay readable on small canvases, where a dot is as wide as a limb.
                for (var j = 0; j < SkeletonModality.Joints; j++)
                    if (Visible(j)) Dot(frame, h, w, X(j), Y(j), radius);
                for (var l = 0; l < Limbs.Count; l++)
                {
                    var (a, b) = Limbs[l];
                    if (Visible(a) && Visible(b)) Line(frame, h, w, X(a), Y(a), X(b), Y(b), LimbColours[l]);
                }
            }
        }
        using var cpu = torch.tensor(canvas, [t, h, w, 3], torch.uint8); // [T, H, W, 3]
        return cpu.to(stored.device, copy: true);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Joints at the ends of the drawn limbs, at pixel centres (a drawn joint covers [i, i + 1), so a joint comes back
    /// within 0.71 px where nothing overlaps it), for at most <see cref="SkeletonCodec.MaxPersons"/> persons (the
    /// largest). A joint no visible limb reaches stays invisible. Output: <c>[T, MaxPersons, 17, 3]</c> float32, like
    /// the codec's decoding.
    /// </remarks>
    public torch.Tensor Read(torch.Tensor frames, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(frames);
        StoredTensor.RequireFrames(frames);
        int t = (int)frames.shape[0], h = (int)frames.shape[1], w = (int)frames.shape[2];
        byte[] bytes;
        using (var cpu = frames.to(torch.uint8).cpu().contiguous()) bytes = cpu.data<byte>().ToArray();
        var joints = new SkeletonDrawingReader(LimbColours, SkeletonCodec.MaxPersons).Read(bytes, t, h, w);
        using var read = torch.tensor(joints, [t, SkeletonCodec.MaxPersons, SkeletonModality.Joints, 3]); // [T, P, 17, 3]
        return read.to(frames.device, copy: true);
    }

    // Bresenham's line, clipped pixel by pixel (limbs are a few dozen pixels long).
    private static void Line(Span<byte> frame, int h, int w, int x0, int y0, int x1, int y1, byte[] colour)
    {
        long dx = Math.Abs((long)x1 - x0), dy = -Math.Abs((long)y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
        var err = dx + dy;
        while (true)
        {
            Put(frame, h, w, x0, y0, colour);
            if (x0 == x1 && y0 == y1) return;
            var e2 = 2 * err;
            if (e2 >= dy) { err += dy; x0 += sx; }
            if (e2 <= dx) { err += dx; y0 += sy; }
        }
    }

    private static readonly byte[] White = [255, 255, 255];

    private static void Dot(Span<byte> frame, int h, int w, int x, int y, int radius)
    {
        for (var dy = -radius; dy <= radius; dy++)
            for (var dx = -radius; dx <= radius; dx++)
                Put(frame, h, w, x + dx, y + dy, White);
    }

    private static void Put(Span<byte> frame, int h, int w, int x, int y, byte[] colour)
    {
        if ((uint)x >= (uint)w || (uint)y >= (uint)h) return;
        colour.CopyTo(frame.Slice((y * w + x) * 3, 3));
    }

    // Fully saturated, full-value colour at hue h ∈ [0, 1).
    private static byte[] Hue(double hue)
    {
        var x = hue * 6;
        var i = (int)Math.Floor(x) % 6;
        var f = x - Math.Floor(x);
        byte up = (byte)Math.Round(255 * f), down = (byte)Math.Round(255 * (1 - f));
        return i switch
        {
            0 => [255, up, 0],
            1 => [down, 255, 0],
            2 => [0, 255, up],
            3 => [0, down, 255],
            4 => [up, 0, 255],
            _ => [255, 0, down],
        };
    }
}
