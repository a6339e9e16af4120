using UnityVideo.Abstractions;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>A tiny UnityVideo-on-Wan model (depth and flow beside RGB) and its inputs.</summary>
internal static class UnityWanTiny
{
    public static WanUnityConfig Config() => new()
    {
        Size = WanUnityConfig.Custom, Dim = 32, FfnDim = 48, Heads = 2, Layers = 2, FreqDim = 16, TextDim = 24, TextLen = 8, LatentChannels = 4,
    };

    public static ModalityDescriptor Modality(string name) => new()
    {
        Name = name, Channels = 1, IsPixelAligned = true, Prompts = [$"{name} map"], StorageKey = name,
    };

    public static UnityWan Model(int seed, WanUnityConfig? config = null)
    {
        manual_seed(seed);
        var c = config ?? Config();
        var model = new UnityWan(c, [Modality("depth"), Modality("flow")], randn(3, c.TextDim));
        model.eval();
        return model;
    }

    /// <summary>Latent [2, 4, 2, 4, 4].</summary>
    public static Tensor Latent(int seed)
    {
        manual_seed(seed);
        return randn([2, 4, 2, 4, 4]);
    }

    /// <summary>Prompt embeddings [2, 5, 24] (the second prompt 3 tokens long).</summary>
    public static TextPrompt Prompt(int seed)
    {
        manual_seed(seed);
        var mask = tensor(new[] { true, true, true, true, true, true, true, true, false, false }, [2, 5]);
        return TextPrompt.FromEmbeddings(randn(2, 5, 24) * mask.unsqueeze(-1), mask);
    }

    public static DiTStream Stream(string modality, Tensor latent, float t0, float t1, TextPrompt? prompt) =>
        new(modality, latent, tensor(new[] { t0, t1 }), prompt);
}
