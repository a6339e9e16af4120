using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// The encoder: causal conv 3 → dim, then per stage <c>num_res_blocks</c> residual blocks and (except the last
/// stage) a down-sampler, a middle of residual–attention–residual, and a head (norm, SiLU, causal conv to
/// 2·z channels: mean and log-variance). Keys: <c>conv1</c>, <c>downsamples.N</c>, <c>middle.0-2</c>, <c>head.0/2</c>.
/// </summary>
public sealed class VaeEncoder3d : nn.Module
{
    private readonly CausalConv3d conv1;
    private readonly ModuleList<nn.Module> downsamples;
    private readonly ModuleList<nn.Module> middle;
    private readonly ModuleList<nn.Module> head;
    private readonly VaeRmsNorm headNorm;
    private readonly CausalConv3d headConv;

    /// <summary>Creates the encoder of <paramref name="config"/> (output 2·z channels).</summary>
    public VaeEncoder3d(string name, WanVaeConfig config) : base(name)
    {
        var dims = new[] { 1 }.Concat(config.DimMult).Select(m => (long)config.Dim * m).ToArray();
        conv1 = new CausalConv3d("conv1", 3, dims[0], 3, padding: 1);
        var layers = new List<nn.Module>();
        for (var i = 0; i < dims.Length - 1; i++)
        {
            var inDim = dims[i];
            for (var r = 0; r < config.NumResBlocks; r++)
            {
                layers.Add(new VaeResidualBlock($"{layers.Count}", inDim, dims[i + 1]));
                inDim = dims[i + 1];
            }
            if (i != config.DimMult.Count - 1)
                layers.Add(new VaeResample($"{layers.Count}", dims[i + 1],
                    config.TemporalDownsample[i] ? VaeResampleMode.Downsample3d : VaeResampleMode.Downsample2d));
        }
        var outDim = dims[^1];
        downsamples = nn.ModuleList(layers.ToArray());
        middle = nn.ModuleList<nn.Module>(new VaeResidualBlock("0", outDim, outDim), new VaeAttentionBlock("1", outDim), new VaeResidualBlock("2", outDim, outDim));
        headNorm = new VaeRmsNorm("0", outDim, video: true);
        headConv = new CausalConv3d("2", outDim, config.ZDim * 2, 3, padding: 1);
        head = nn.ModuleList<nn.Module>(headNorm, nn.SiLU(), headConv);
        register_module("conv1", conv1);
        register_module("downsamples", downsamples);
        register_module("middle", middle);
        register_module("head", head);
    }

    /// <summary><c>[B, 3, T, H, W] → [B, 2z, T', H/8, W/8]</c> for one chunk, carrying history in <paramref name="cache"/>.</summary>
    public Tensor forward(Tensor x, CausalCache? cache)
    {
        using var scope = NewDisposeScope();
        x = conv1.forward(x, cache);                                                        // [B, dim, T, H, W]
        foreach (var layer in downsamples)
            x = layer switch
            {
                VaeResidualBlock r => r.forward(x, cache),
                VaeResample s => s.forward(x, cache),
                _ => throw new InvalidOperationException("unexpected encoder layer " + layer.GetName()),
            };                                                                              // [B, C_i, T_i, H_i, W_i]
        x = ((VaeResidualBlock)middle[0]).forward(x, cache);
        x = ((VaeAttentionBlock)middle[1]).forward(x);
        x = ((VaeResidualBlock)middle[2]).forward(x, cache);                                // [B, C, T', h, w]
        x = headConv.forward(nn.functional.silu(headNorm.forward(x)), cache);               // [B, 2z, T', h, w]
        return scope.MoveToOuter(x);
    }
}
