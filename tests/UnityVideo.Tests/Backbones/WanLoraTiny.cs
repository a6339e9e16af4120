using UnityVideo.Core.Backbones.Wan;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>A tiny random-weight Wan DiT and inputs for the LoRA tests (the golden "tiny" shape).</summary>
internal static class WanLoraTiny
{
    public static WanDiTConfig Config { get; } =
        new(Dim: 32, FfnDim: 48, Heads: 2, Layers: 2, FreqDim: 16, TextDim: 24, TextLen: 8, InChannels: 4, OutChannels: 3);

    public static WanDiT Model(int seed, WanDiTConfig? config = null)
    {
        manual_seed(seed);
        var model = new WanDiT(config ?? Config);
        model.eval();
        return model;
    }

    /// <summary>Latents [2, 4, 2, 4, 4], timesteps [2], text [2, 5, 24].</summary>
    public static (Tensor X, Tensor T, Tensor Context) Inputs(int seed)
    {
        manual_seed(seed);
        return (randn([2, 4, 2, 4, 4]), tensor(new float[] { 250, 750 }), randn(2L, 5, 24));
    }

    /// <summary>A copy of every parameter, detached, to compare bit for bit later.</summary>
    public static Dictionary<string, Tensor> Snapshot(WanDiT model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    /// <summary>Same shape and bit-identical values.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var eq = a.eq(b).all();
        return eq.item<bool>();
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(a.shape, b.shape);
        using var d = (a - b).abs().max();
        return d.item<float>();
    }
}
