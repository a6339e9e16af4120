using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// pt × P × P patches (tubelets): video <c>[B, C, T, H, W]</c> ⇄ tokens <c>[B, (T/pt)·(H/P)·(W/P), pt·P·P·C]</c>
/// (row-major t, h, w; within a token frame, row, column, channel). With pt = 1 a token is one frame's P × P patch.
/// </summary>
public static class Patchify
{
    /// <summary>Video → patch vectors; H and W must be multiples of <paramref name="p"/>, T of <paramref name="pt"/>.</summary>
    public static Tensor ToPatches(Tensor video, int p, int pt = 1)
    {
        var (b, c, t, h, w) = (video.shape[0], video.shape[1], video.shape[2], video.shape[3], video.shape[4]);
        if (h % p != 0 || w % p != 0) throw new ArgumentException($"Frame size {h}×{w} is not a multiple of the patch size {p}.", nameof(video));
        if (t % pt != 0) throw new ArgumentException($"{t} frames are not a multiple of the temporal patch {pt}.", nameof(video));
        var x = video.reshape(b, c, t / pt, pt, h / p, p, w / p, p);    // [B, C, Tt, pt, Hp, P, Wp, P]
        x = x.permute(0, 2, 4, 6, 3, 5, 7, 1);                          // [B, Tt, Hp, Wp, pt, P, P, C]
        return x.reshape(b, t / pt * (h / p) * (w / p), pt * p * p * c); // [B, n, pt·P·P·C]
    }

    /// <summary>Patch vectors → video <c>[B, C, T, H, W]</c>.</summary>
    public static Tensor FromPatches(Tensor patches, int p, long channels, long frames, long height, long width, int pt = 1)
    {
        var b = patches.shape[0];
        var x = patches.reshape(b, frames / pt, height / p, width / p, pt, p, p, channels); // [B, Tt, Hp, Wp, pt, P, P, C]
        x = x.permute(0, 7, 1, 4, 2, 5, 3, 6);                                              // [B, C, Tt, pt, Hp, P, Wp, P]
        return x.reshape(b, channels, frames, height, width);                               // [B, C, T, H, W]
    }
}
