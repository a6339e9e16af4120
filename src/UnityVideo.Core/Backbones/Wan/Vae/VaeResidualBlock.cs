using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// Residual block: norm → SiLU → causal 3×3×3 conv → norm → SiLU → (dropout) → causal 3×3×3 conv, plus a
/// 1×1×1 shortcut when the width changes. The layers sit at the reference's sequence positions
/// (<c>residual.0</c> norm, <c>.2</c> conv, <c>.3</c> norm, <c>.6</c> conv) so the checkpoint keys match.
/// </summary>
public sealed class VaeResidualBlock : nn.Module
{
    private readonly ModuleList<nn.Module> residual;
    private readonly CausalConv3d? shortcut;
    private readonly VaeRmsNorm norm1;
    private readonly CausalConv3d conv1;
    private readonly VaeRmsNorm norm2;
    private readonly CausalConv3d conv2;

    /// <summary>Creates a block from <paramref name="inDim"/> to <paramref name="outDim"/> channels.</summary>
    public VaeResidualBlock(string name, long inDim, long outDim) : base(name)
    {
        norm1 = new VaeRmsNorm("0", inDim, video: true);
        conv1 = new CausalConv3d("2", inDim, outDim, 3, padding: 1);
        norm2 = new VaeRmsNorm("3", outDim, video: true);
        conv2 = new CausalConv3d("6", outDim, outDim, 3, padding: 1);
        // SiLU and dropout hold no parameters; they keep the sequence positions of the checkpoint's keys.
        residual = nn.ModuleList<nn.Module>(norm1, nn.SiLU(), conv1, norm2, nn.SiLU(), nn.Identity(), conv2);
        register_module("residual", residual);
        if (inDim != outDim)
        {
            shortcut = new CausalConv3d("shortcut", inDim, outDim, 1);
            register_module("shortcut", shortcut);
        }
    }

    /// <summary><c>[B, Cin, T, H, W] → [B, Cout, T, H, W]</c>, carrying the convolutions' history in <paramref name="cache"/>.</summary>
    public Tensor forward(Tensor x, CausalCache? cache)
    {
        using var scope = NewDisposeScope();
        var h = shortcut is null ? x : shortcut.forward(x);                                  // [B, Cout, T, H, W]
        var y = conv1.forward(nn.functional.silu(norm1.forward(x)), cache);                   // [B, Cout, T, H, W]
        y = conv2.forward(nn.functional.silu(norm2.forward(y)), cache);                       // [B, Cout, T, H, W]
        return scope.MoveToOuter(y + h);
    }
}
