using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// Single-head self-attention within each frame (over its H·W positions), with a residual connection:
/// <c>norm</c> (frame RMS norm), <c>to_qkv</c> and <c>proj</c> (1×1 convolutions), as in the checkpoint.
/// Frames never attend to each other, so the block needs no cache.
/// </summary>
public sealed class VaeAttentionBlock : nn.Module<Tensor, Tensor>
{
    private readonly VaeRmsNorm norm;
    private readonly Conv2d to_qkv;
    private readonly Conv2d proj;

    /// <summary>Creates the block over <paramref name="dim"/> channels.</summary>
    public VaeAttentionBlock(string name, long dim) : base(name)
    {
        norm = new VaeRmsNorm("norm", dim, video: false);
        to_qkv = nn.Conv2d(dim, dim * 3, 1);
        proj = nn.Conv2d(dim, dim, 1);
        register_module("norm", norm);
        register_module("to_qkv", to_qkv);
        register_module("proj", proj);
    }

    /// <summary><c>[B, C, T, H, W] → [B, C, T, H, W]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, c, t, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], x.shape[4]);
        var frames = x.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w);                      // [BT, C, H, W]
        var qkv = VaeConvolution.Run(norm.forward(frames), to_qkv.weight!, to_qkv.bias, (i, w, b) => nn.functional.conv2d(i, w, b)) // [BT, 3C, H, W]
            .reshape(b * t, 1, c * 3, h * w).permute(0, 1, 3, 2).contiguous();               // [BT, 1, HW, 3C]
        var parts = qkv.chunk(3, -1);                                                        // 3 × [BT, 1, HW, C]
        var a = nn.functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]);   // [BT, 1, HW, C]
        a = a.squeeze(1).permute(0, 2, 1).reshape(b * t, c, h, w);                           // [BT, C, H, W]
        var y = VaeConvolution.Run(a, proj.weight!, proj.bias, (i, w, b) => nn.functional.conv2d(i, w, b)).reshape(b, t, c, h, w).permute(0, 2, 1, 3, 4); // [B, C, T, H, W]
        return scope.MoveToOuter(y + x);
    }
}
