using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// Between stored RGB frames and the VAE's input: uint8 <c>[T, H, W, 3]</c> ⇄ <c>[1, 3, T, H, W]</c> in [-1, 1], and the
/// frame-count rule. The VAE encodes 1 + 4k frames; a clip of another length is padded at the end by repeating its
/// last frame up to the next 1 + 4k (8 frames → 9), and decoding trims back to the clip's own length, so no frame
/// is dropped and none is invented in what the user sees.
/// </summary>
public static class VaeFrames
{
    /// <summary>The frames the VAE encodes for a clip of <paramref name="frames"/>: the next 1 + k·<paramref name="chunk"/>.</summary>
    public static int PaddedLength(int frames, int chunk = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        return 1 + (frames - 1 + chunk - 1) / chunk * chunk;
    }

    /// <summary>uint8 <c>[T, H, W, 3]</c> → float <c>[1, 3, T', H, W]</c> in [-1, 1], T' = <see cref="PaddedLength"/>.</summary>
    public static Tensor ToVaeInput(Tensor rgb, int chunk = 4)
    {
        using var scope = NewDisposeScope();
        var t = (int)rgb.shape[0];
        var x = rgb.to(float32).permute(3, 0, 1, 2).unsqueeze(0) / 127.5 - 1;              // [1, 3, T, H, W]
        var padded = PaddedLength(t, chunk);
        if (padded > t)
        {
            var last = x[.., .., TensorIndex.Slice(t - 1, t), .., ..];                       // [1, 3, 1, H, W]
            x = cat([x, last.expand(-1, -1, padded - t, -1, -1)], 2);                        // [1, 3, T', H, W]
        }
        return scope.MoveToOuter(x.contiguous());
    }

    /// <summary>Decoded <c>[1, 3, T', H, W]</c> in [-1, 1] → uint8 <c>[T, H, W, 3]</c>, the first <paramref name="frames"/> frames.</summary>
    public static Tensor ToRgb(Tensor decoded, int frames)
    {
        using var scope = NewDisposeScope();
        var x = decoded[0, .., TensorIndex.Slice(0, frames), .., ..];                       // [3, T, H, W]
        var rgb = ((x.clamp(-1, 1) + 1) * 127.5).round().to(uint8).permute(1, 2, 3, 0);  // [T, H, W, 3]
        return scope.MoveToOuter(rgb.contiguous());
    }
}
