using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>Head splitting / merging shared by every attention layer (self, cross and the text encoder's).</summary>
internal static class AttentionOps
{
    /// <summary><c>[B, N, H·Dh] → [B, H, N, Dh]</c>.</summary>
    public static Tensor SplitHeads(Tensor x, int heads)
    {
        var (b, n, d) = (x.shape[0], x.shape[1], x.shape[2]);
        return x.view(b, n, heads, d / heads).transpose(1, 2); // [B, H, N, Dh]
    }

    /// <summary><c>[B, H, N, Dh] → [B, N, H·Dh]</c>.</summary>
    public static Tensor MergeHeads(Tensor x)
    {
        var (b, h, n, dh) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        return x.transpose(1, 2).reshape(b, n, h * dh); // [B, N, D]
    }

    /// <summary>Key-padding mask <c>[B, L]</c> (true = attend) as an SDPA mask <c>[B, 1, 1, L]</c>.</summary>
    public static Tensor KeyPaddingMask(Tensor mask) => mask.unsqueeze(1).unsqueeze(1); // [B, 1, 1, L]
}
