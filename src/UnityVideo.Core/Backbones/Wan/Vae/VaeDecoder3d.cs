using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// The decoder: causal conv z → widest, a middle of residual–attention–residual, then per stage
/// <c>num_res_blocks + 1</c> residual blocks and (except the last stage) an up-sampler that halves the
/// channels, and a head (norm, SiLU, causal conv to RGB). Keys: <c>conv1</c>, <c>middle.0-2</c>,
/// <c>upsamples.N</c>, <c>head.0/2</c>.
/// </summary>
public sealed class VaeDecoder3d : nn.Module
{
    private readonly CausalConv3d conv1;
    private readonly ModuleList<nn.Module> middle;
    private readonly ModuleList<nn.Module> upsamples;
    private readonly ModuleList<nn.Module> head;
    private readonly VaeRmsNorm headNorm;
    private readonly CausalConv3d headConv;

    /// <summary>Creates the decoder of <paramref name="config"/>.</summary>
    public VaeDecoder3d(string name, WanVaeConfig config) : base(name)
    {
        var mult = config.DimMult;
        var dims = new[] { mult[^1] }.Concat(mult.Reverse()).Select(m => (long)config.Dim * m).ToArray();
        var temporalUp = config.TemporalDownsample.Reverse().ToArray();
        conv1 = new CausalConv3d("conv1", config.ZDim, dims[0], 3, padding: 1);
        middle = nn.ModuleList<nn.Module>(new VaeResidualBlock("0", dims[0], dims[0]), new VaeAttentionBlock("1", dims[0]), new VaeResidualBlock("2", dims[0], dims[0]));
        var layers = new List<nn.Module>();
        for (var i = 0; i < dims.Length - 1; i++)
        {
            // Every up-sampler halves the channels, so stages after the first start at half their predecessor's width.
            var inDim = i > 0 ? dims[i] / 2 : dims[i];
            for (var r = 0; r < config.NumResBlocks + 1; r++)
            {
                layers.Add(new VaeResidualBlock($"{layers.Count}", inDim, dims[i + 1]));
                inDim = dims[i + 1];
            }
            if (i != mult.Count - 1)
                layers.Add(new VaeResample($"{layers.Count}", dims[i + 1],
                    temporalUp[i] ? VaeResampleMode.Upsample3d : VaeResampleMode.Upsample2d));
        }
        upsamples = nn.ModuleList(layers.ToArray());
        headNorm = new VaeRmsNorm("0", dims[^1], video: true);
        headConv = new CausalConv3d("2", dims[^1], 3, 3, padding: 1);
        head = nn.ModuleList<nn.Module>(headNorm, nn.SiLU(), headConv);
        register_module("conv1", conv1);
        register_module("middle", middle);
        register_module("upsamples", upsamples);
        register_module("head", head);
    }

    /// <summary><c>[B, z, t, h, w] → [B, 3, T, 8h, 8w]</c> for one chunk, carrying history in <paramref name="cache"/>.</summary>
    public Tensor forward(Tensor x, CausalCache? cache)
    {
        using var scope = NewDisposeScope();
        x = conv1.forward(x, cache);                                                        // [B, C, t, h, w]
        x = ((VaeResidualBlock)middle[0]).forward(x, cache);
        x = ((VaeAttentionBlock)middle[1]).forward(x);
        x = ((VaeResidualBlock)middle[2]).forward(x, cache);                                // [B, C, t, h, w]
        foreach (var layer in upsamples)
            x = layer switch
            {
                VaeResidualBlock r => r.forward(x, cache),
                VaeResample s => s.forward(x, cache),
                _ => throw new InvalidOperationException("unexpected decoder layer " + layer.GetName()),
            };                                                                              // [B, C_i, T_i, H_i, W_i]
        x = headConv.forward(nn.functional.silu(headNorm.forward(x)), cache);               // [B, 3, T, H, W]
        return scope.MoveToOuter(x);
    }
}
