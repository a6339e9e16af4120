using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>1 × P × P patches: video <c>[B, C, T, H, W]</c> ⇄ tokens <c>[B, T·(H/P)·(W/P), P·P·C]</c> (row-major t, h, w).</summary>
public static class Patchify
{
    /// <summary>Video → patch vectors; H and W must be multiples of <paramref name="p"/>.</summary>
    public static Tensor ToPatches(Tensor video, int p)
    {
        var (b, c, t, h, w) = (video.shape[0], video.shape[1], video.shape[2], video.shape[3], video.shape[4]);
        if (h % p != 0 || w % p != 0) throw new ArgumentException($"Frame size {h}×{w} is not a multiple of the patch size {p}.", nameof(video));
        var x = video.reshape(b, c, t, h / p, p, w / p, p);    // [B, C, T, Hp, P, Wp, P]
        x = x.permute(0, 2, 3, 5, 4, 6, 1);                    // [B, T, Hp, Wp, P, P, C]
        return x.reshape(b, t * (h / p) * (w / p), p * p * c); // [B, n, P·P·C]
    }

    /// <summary>Patch vectors → video <c>[B, C, T, H, W]</c>.</summary>
    public static Tensor FromPatches(Tensor patches, int p, long channels, long frames, long height, long width)
    {
        var b = patches.shape[0];
        var x = patches.reshape(b, frames, height / p, width / p, p, p, channels); // [B, T, Hp, Wp, P, P, C]
        x = x.permute(0, 6, 1, 2, 4, 3, 5);                                        // [B, C, T, Hp, P, Wp, P]
        return x.reshape(b, channels, frames, height, width);                      // [B, C, T, H, W]
    }
}
