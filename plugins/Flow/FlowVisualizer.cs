using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Flow;

/// <summary>
/// Renders optical flow <c>[T, H, W, 2]</c> with the Middlebury colour wheel (Baker et al., "A Database and
/// Evaluation Methodology for Optical Flow"): hue gives the direction, saturation the magnitude; zero flow is
/// white. Magnitudes are divided by the largest in the clip unless a fixed maximum is given, so two clips are
/// only comparable with a fixed maximum. A clip-normalised drawing keeps each vector's direction and its size
/// relative to the clip's largest, not the size in pixels, so <see cref="Read"/> takes the rim of the wheel to be
/// <see cref="ReadRimFraction"/> of the frame width.
/// </summary>
public sealed class FlowVisualizer : IModalityVisualizer, IVisualizationReader
{
    // Hue steps per transition of the wheel: red→yellow 15, yellow→green 6, green→cyan 4, cyan→blue 11,
    // blue→magenta 13, magenta→red 6 — uneven so equal angles look about equally different.
    private const int RY = 15, YG = 6, GC = 4, CB = 11, BM = 13, MR = 6;
    private const int Hues = RY + YG + GC + CB + BM + MR; // 55

    private static readonly float[] Wheel = BuildWheel();

    /// <summary>Creates a visualizer that normalises by the clip's largest magnitude.</summary>
    public FlowVisualizer()
    {
    }

    /// <summary>Creates a visualizer with a fixed full-saturation magnitude in pixels (larger flows are shown darkened).</summary>
    public FlowVisualizer(float maxMagnitude)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMagnitude);
        MaxMagnitude = maxMagnitude;
    }

    /// <summary>Magnitude (pixels) shown at full saturation; null = the clip's own maximum.</summary>
    public float? MaxMagnitude { get; }

    /// <summary>
    /// Default of <see cref="ReadRimFraction"/>: the median over synthetic clips of each clip's largest motion, as a
    /// fraction of the frame width (measured in docs/decisions.md, "Video controls for flow, skeleton and DensePose").
    /// </summary>
    public const double DefaultReadRimFraction = 0.1;

    /// <summary>
    /// What full saturation means when reading a clip-normalised drawing (no <see cref="MaxMagnitude"/>): that
    /// fraction of the frame width in pixels. Ignored when <see cref="MaxMagnitude"/> is set.
    /// </summary>
    public double ReadRimFraction { get; init; } = DefaultReadRimFraction;

    /// <inheritdoc />
    /// <remarks>Input: (dx, dy) in pixels, any float dtype, <c>[T, H, W, 2]</c>, y pointing down. Output: <c>[T, H, W, 3]</c> uint8 on the input's device.</remarks>
    public torch.Tensor Render(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.ndim != 4 || stored.shape[3] != 2) throw new ArgumentException($"flow must be [T, H, W, 2], got {StoredTensor.Text(stored.shape)}.", nameof(stored));
        using var scope = torch.NewDisposeScope();
        var flow = stored.to(torch.float32);                             // [T, H, W, 2]
        flow = torch.where(flow.isfinite(), flow, torch.zeros_like(flow)); // unknown flow shows as none
        var u = flow.select(3, 0);                                       // [T, H, W]
        var v = flow.select(3, 1);                                       // [T, H, W]
        var radius = u.square().add(v.square()).sqrt();                  // [T, H, W]
        var max = MaxMagnitude is { } m ? torch.tensor(m, device: stored.device) : radius.max();
        var scale = max.add(1e-5f);
        u = u.div(scale);
        v = v.div(scale);
        radius = radius.div(scale);

        // The reference code's angle convention: a = atan2(−v, −u)/π ∈ [−1, 1] mapped onto hues 0 … 54.
        var a = torch.atan2(v.neg(), u.neg()).div(Math.PI);              // [T, H, W]
        var fk = a.add(1).div(2).mul(Hues - 1);                          // [T, H, W]
        var k0 = fk.floor().to(torch.int64).clamp(0, Hues - 1);          // [T, H, W]
        var k1 = k0.add(1).remainder(Hues);                              // [T, H, W]
        var f = fk.sub(k0.to(torch.float32)).unsqueeze(-1);              // [T, H, W, 1]
        var wheel = torch.tensor(Wheel, [Hues, 3], device: stored.device); // [55, 3] in 0..1
        var col0 = wheel.index_select(0, k0.flatten()).reshape(u.shape[0], u.shape[1], u.shape[2], 3); // [T, H, W, 3]
        var col1 = wheel.index_select(0, k1.flatten()).reshape(u.shape[0], u.shape[1], u.shape[2], 3); // [T, H, W, 3]
        var col = col0.mul(f.neg().add(1)).add(col1.mul(f));            // [T, H, W, 3]

        // Inside the unit disc, fade towards white with decreasing magnitude; beyond it, darken.
        var r = radius.unsqueeze(-1);                                    // [T, H, W, 1]
        var inside = col.neg().add(1).mul(r).neg().add(1);               // 1 − r·(1 − col)
        col = torch.where(r.le(1), inside, col.mul(0.75f));
        var rgb = col.mul(255).floor().clamp(0, 255).to(torch.uint8);    // [T, H, W, 3]
        return rgb.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Inverts the drawing per pixel: inside the disc every wheel colour has one channel at 0 and one at 1, so the
    /// palest channel gives the radius (r = 1 − min) and un-fading gives the wheel colour, whose nearest entry on a
    /// finely sampled wheel gives the direction. A darkened pixel (brightest channel under 0.9) lay beyond the rim; its
    /// size beyond it is lost, so it reads as the rim. The radius is scaled by <see cref="MaxMagnitude"/> or, for a
    /// clip-normalised drawing, by <see cref="ReadRimFraction"/> × W. Near white (tiny flow) the direction is coarse:
    /// 8-bit colour resolves it only to about 1 / (255 r). Output: <c>[T, H, W, 2]</c> float16, pixels.
    /// </remarks>
    public torch.Tensor Read(torch.Tensor frames, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.RequireFrames(frames);
        using var scope = torch.NewDisposeScope();
        var c = frames.reshape(-1, 3).to(torch.float32).add(0.5f).div(255).clamp(0, 1); // [P, 3] centre of each 8-bit step
        var low = c.amin([1]);                                                           // [P]
        var high = c.amax([1]);                                                          // [P]
        var inside = high.ge(0.9f);                                                      // [P]
        var radius = torch.where(inside, low.neg().add(1), torch.ones_like(low));        // [P] in units of the rim
        var unfaded = c.neg().add(1).div(radius.clamp_min(1e-3f).unsqueeze(1)).neg().add(1); // [P, 3] 1 − (1 − c) / r
        var colour = torch.where(inside.unsqueeze(1), unfaded, c.div(0.75f)).clamp(0, 1); // [P, 3] the wheel's colour
        var (lut, angles) = ReadingWheel(frames.device);                                // [N, 3], [N]
        var a = angles.index_select(0, torch.cdist(colour, lut).argmin(1));             // [P] a = atan2(−v, −u) / π
        var rim = MaxMagnitude is { } m ? m : ReadRimFraction * context.Width;
        var length = radius.mul((float)rim);                                             // [P] pixels
        var u = a.mul(Math.PI).cos().mul(length).neg();                                  // [P]
        var v = a.mul(Math.PI).sin().mul(length).neg();                                  // [P]
        var flow = torch.stack([u, v], 1).reshape(frames.shape[0], frames.shape[1], frames.shape[2], 2); // [T, H, W, 2]
        return flow.to(torch.float16).MoveToOuterDisposeScope();
    }

    // The wheel at full radius sampled at 8 points per hue step, with the angle code a ∈ [−1, 1] of each sample,
    // interpolated exactly as Render does.
    private static (torch.Tensor Colours, torch.Tensor Angles) ReadingWheel(torch.Device device)
    {
        const int samples = (Hues - 1) * 8 + 1;
        var colours = new float[samples * 3];
        var angles = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            var fk = i / 8.0;
            var k0 = Math.Min((int)Math.Floor(fk), Hues - 1);
            var k1 = (k0 + 1) % Hues;
            var f = fk - k0;
            for (var ch = 0; ch < 3; ch++) colours[i * 3 + ch] = (float)(Wheel[k0 * 3 + ch] * (1 - f) + Wheel[k1 * 3 + ch] * f);
            angles[i] = (float)(fk / (Hues - 1) * 2 - 1);
        }
        return (torch.tensor(colours, [samples, 3], device: device), torch.tensor(angles, [samples], device: device));
    }

    private static float[] BuildWheel()
    {
        var w = new float[Hues * 3];
        var row = 0;
        void Add(int steps, Func<int, (double R, double G, double B)> colour)
        {
            for (var i = 0; i < steps; i++, row++)
            {
                var (r, g, b) = colour(i);
                w[row * 3] = (float)(r / 255);
                w[row * 3 + 1] = (float)(g / 255);
                w[row * 3 + 2] = (float)(b / 255);
            }
        }
        static double Ramp(int i, int n) => Math.Floor(255.0 * i / n);
        Add(RY, i => (255, Ramp(i, RY), 0));
        Add(YG, i => (255 - Ramp(i, YG), 255, 0));
        Add(GC, i => (0, 255, Ramp(i, GC)));
        Add(CB, i => (0, 255 - Ramp(i, CB), 255));
        Add(BM, i => (Ramp(i, BM), 0, 255));
        Add(MR, i => (255, 0, 255 - Ramp(i, MR)));
        return w;
    }
}
