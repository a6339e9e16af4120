using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Diffusion;

/// <summary>A deterministic structured clip (RGB + depth) and a tiny training loop.</summary>
internal static class DiffusionTestKit
{
    /// <summary>A bright disc moving right over a vertical gradient; depth is the disc's nearness over a ramp. Values in [-1, 1].</summary>
    public static (Tensor Rgb, Tensor Depth) Clip(DiTConfig cfg, long batch)
    {
        using var scope = NewDisposeScope();
        long t = cfg.Frames, h = cfg.Height, w = cfg.Width;
        var ys = linspace(-1, 1, h).view(1, -1, 1).expand(t, h, w);                  // [T, H, W]
        var xs = linspace(-1, 1, w).view(1, 1, -1).expand(t, h, w);                  // [T, H, W]
        var cx = linspace(-0.5, 0.5, t).view(-1, 1, 1);                              // [T, 1, 1]
        var disc = ((xs - cx).square() + ys.square() < 0.25).to(float32);            // [T, H, W]
        var rgb = stack([disc * 1.6 - 0.8 + ys * 0.2, ys * 0.8, -disc * 0.6 + xs * 0.3], 0); // [3, T, H, W]
        var depth = (disc * 0.8 + ys * 0.5 - 0.3).unsqueeze(0);                      // [1, T, H, W]
        return scope.MoveToOuter(rgb.unsqueeze(0).expand(batch, -1, -1, -1, -1).contiguous(), depth.unsqueeze(0).expand(batch, -1, -1, -1, -1).contiguous());
    }

    public static IReadOnlyList<TrainingStream> Streams(DiffusionTask task, Tensor rgb, Tensor depth, DiTConfig cfg)
    {
        var b = (int)rgb.shape[0];
        return FlowMatching.TaskStreams(task, rgb, Prompt(cfg, "a white disc moves right", b), [("depth", depth, Prompt(cfg, "depth map", b))]);
    }
}
