using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// The VAE's channel RMS norm: each position's channel vector scaled to unit L2 norm, times √C, times a
/// learned per-channel <c>gamma</c> (no bias, no mean subtraction). <c>gamma</c> is [C, 1, 1, 1] for video
/// tensors [B, C, T, H, W] and [C, 1, 1] for frame tensors [N, C, H, W], as stored in the checkpoint.
/// </summary>
public sealed class VaeRmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter gamma;
    private readonly double scale;

    /// <summary>Creates the norm over <paramref name="channels"/> for video (5-D) or frame (4-D) tensors.</summary>
    public VaeRmsNorm(string name, long channels, bool video) : base(name)
    {
        scale = Math.Sqrt(channels);
        gamma = new Parameter(video ? ones(channels, 1, 1, 1) : ones(channels, 1, 1));
        register_parameter("gamma", gamma);
    }

    /// <summary><c>[B, C, ...] → [B, C, ...]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // Normalised in float32 whatever the weights' dtype (autocast does the same for norms): a bfloat16 sum of
        // squares over hundreds of channels loses the small ones.
        var y = nn.functional.normalize(x.to(float32), p: 2, dim: 1, eps: 1e-12) * scale * gamma.to(float32);
        return scope.MoveToOuter(y.to(x.dtype));
    }
}
